import type { MoneyInput } from '../../common/money.js';
import type { Tx } from '../../database/transaction.js';
import type { DecisionRule, PayloadOf, Proposal, ProposalKindName, ProposalPayloads } from '../governance.types.js';
import type { ProposalBasicsInput } from '../proposal-input.js';

// What a proposer sends for any kind (GraphQL or CLI): the shared parts, checked by
// proposal-input.ts, and each kind's own section, checked by that kind's `parse`.
export interface CreateProposalInput extends ProposalBasicsInput {
  organizationId: string;
  policy?: string | null;
  matchingPolicy?: string | null;
  spend?: {
    fund: string;
    amount: MoneyInput;
    recipientDid?: string | null;
    recipientOrganizationId?: string | null;
    recipientFund?: string | null;
    memo: string;
  } | null;
  facility?: { facilityId: string; level: string; reason: string } | null;
  membership?: {
    action: string;
    email?: string | null;
    accountId?: string | null;
    organizationId?: string | null;
    role?: string | null;
  } | null;
}

// The organization (or federation) a proposal is put to.
export interface ProposalTarget {
  organizationId: string;
  federation: boolean;
}

export type ProposalOf<K extends ProposalKindName> = Omit<Proposal, 'kind' | 'payload'> & { kind: K; payload: PayloadOf<K> };

// What a proposal of a kind shows beyond the shared fields (the GraphQL Proposal's policy,
// spend and details): a value equation, a spend, or anything else as JSON details.
export interface ProposalDescription {
  policy?: unknown;
  spend?: PayloadOf<'TREASURY_SPEND'>;
  details?: Record<string, unknown>;
}

// What carrying a proposal out gets from outside its transaction, read before it opens (inside
// it, nothing may query on another connection): the organization's DID, and what the kind's
// `gather` read.
export interface ExecutionContext<G = unknown> {
  organizationDid: string;
  gathered: G;
}

// One kind of proposal, in one file (kinds/<kind>.kind.ts), registered in kinds/index.ts. Its
// name is one of PROPOSAL_KINDS (governance.types.ts), its payload an entry of ProposalPayloads.
export interface ProposalKind<K extends ProposalKindName = ProposalKindName, G = unknown> {
  readonly name: K;
  // A binding kind is voted yes / no (or consent / block) and carried out once passed; a
  // non-binding one may offer its own options and is only tallied.
  readonly binding: boolean;
  // Treasurers approve it: alone (APPROVALS_ONLY, when the rules allow) or after the vote.
  readonly treasurerApprovals: boolean;
  // The kind's section of the input, checked into its payload (typed errors, nothing read
  // beyond what the checks need).
  parse(input: CreateProposalInput, target: ProposalTarget): Promise<PayloadOf<K>>;
  // Checks against the world when the proposal is made, so that what passes can be carried out.
  prepare?(payload: PayloadOf<K>, target: ProposalTarget & { decisionRule: DecisionRule }): Promise<void>;
  // After a passed vote, in the closing transaction: whether it still waits for treasurers
  // (none by default).
  awaitsApprovals?(tx: Tx, proposal: ProposalOf<K>): Promise<boolean>;
  // What `execute` needs from outside its transaction (nothing by default).
  gather?(proposal: ProposalOf<K>): Promise<G>;
  // Carries it out inside the closing transaction; a DomainError leaves it EXECUTION_FAILED.
  // Returns what was done (kept as the proposal's execution).
  execute(tx: Tx, proposal: ProposalOf<K>, ctx: ExecutionContext<G>): Promise<Record<string, unknown>>;
  describe(payload: PayloadOf<K>): ProposalDescription;
}

// A handler of any one kind.
export type AnyProposalKind = { [K in ProposalKindName]: ProposalKind<K, unknown> }[ProposalKindName];

// The multi-provider token: every kind handler (kinds/index.ts).
export const PROPOSAL_KIND_HANDLERS = Symbol('PROPOSAL_KIND_HANDLERS');

// The payload without its kind tag, for JSON details.
export function withoutKind<K extends keyof ProposalPayloads>(payload: PayloadOf<K>): Record<string, unknown> {
  const { kind: _kind, ...rest } = payload as { kind: K } & Record<string, unknown>;
  return rest;
}
