import type { Fund } from '../rewards/policy/policy.js';

// The kinds of proposal, each with what it does: the one list behind the GraphQL enum, the
// registry of kind handlers (kinds/) and the rows of proposal_kinds, which proposals.kind
// references (the platform registers them when it starts).
export const PROPOSAL_KIND_DESCRIPTIONS = {
  REWARD_POLICY_CHANGE: 'Activates a new version of the value equation.',
  TREASURY_SPEND: 'A grant or payment from a fund.',
  FACILITY_VERIFICATION: 'A federation sets a member facility’s verification level.',
  MEMBERSHIP: 'Admits or removes a member.',
  MATCHING_POLICY_CHANGE:
    'Sets the organization’s matching policy: reliability window and targets, probation, claims on one’s own requests.',
  TEXT: 'Non-binding.',
} as const;
export type ProposalKindName = keyof typeof PROPOSAL_KIND_DESCRIPTIONS;
export const PROPOSAL_KINDS = Object.keys(PROPOSAL_KIND_DESCRIPTIONS) as ProposalKindName[];

// APPROVALS_ONLY: a treasury spend below the organization's threshold that its rules let m of its
// treasurers approve without a vote.
export const DECISION_RULES = ['SIMPLE_MAJORITY', 'TWO_THIRDS', 'CONSENT', 'APPROVALS_ONLY'] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];

// OPEN → PASSED | REJECTED | NO_QUORUM at the close; a binding proposal that passed goes on to
// EXECUTED, or AWAITING_APPROVALS (a spend that needs treasurers) first, or EXECUTION_FAILED.
export const PROPOSAL_STATUSES = ['OPEN', 'PASSED', 'REJECTED', 'NO_QUORUM', 'AWAITING_APPROVALS', 'EXECUTED', 'EXECUTION_FAILED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const ABSTAIN = 'abstain';
export const YES = 'yes';
export const NO = 'no';
export const CONSENT = 'consent';
export const BLOCK = 'block';

export type SpendRecipient = { kind: 'FUND'; organizationId: string; fund: Fund } | { kind: 'AGENT'; did: string };

// What each kind carries, by kind name. Each kind's file (kinds/<kind>.kind.ts) adds its own
// entry by declaration merging, so the payload of a kind is declared beside its rules.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the registry kinds merge into
export interface ProposalPayloads {}

// Every kind name has a payload and every payload a kind name: this fails to compile otherwise.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type PayloadsCoverKinds = Assert<Same<keyof ProposalPayloads, ProposalKindName>>;

export type PayloadOf<K extends ProposalKindName> = K extends keyof ProposalPayloads ? { kind: K } & ProposalPayloads[K] : never;
export type ProposalPayload = { [K in ProposalKindName]: PayloadOf<K> }[ProposalKindName];

export interface Tally {
  counts: Record<string, number>; // every option, abstentions included
  cast: number; // voters who voted
  quorumNeeded: number;
  quorumReached: boolean;
  outcome: string | null; // the option that carried, if one did
  passed: boolean; // a binding proposal's "yes" (or consent) carried
}

export interface Proposal {
  id: string;
  organizationId: string;
  kind: ProposalKindName;
  title: string;
  body: string;
  options: string[];
  decisionRule: DecisionRule;
  quorumBps: number;
  payload: ProposalPayload;
  electorate: number;
  votingStartsAt: Date;
  votingEndsAt: Date;
  status: ProposalStatus;
  tally: Tally | null; // final, once closed
  quorumReached: boolean | null;
  outcome: string | null;
  execution: Record<string, unknown> | null; // what execution did: ledger transaction, policy version…
  executionError: string | null;
  createdBy: string;
  createdAt: Date;
  closedAt: Date | null;
  executedAt: Date | null;
}

export interface Vote {
  proposalId: string;
  voterId: string; // an account, or a member organization in a federation
  castBy: string; // the account that cast it
  option: string;
  reason: string | null;
  recordId: string;
  changes: number;
  castAt: Date;
}

export interface TreasuryRules {
  organizationId: string;
  approvalsRequired: number; // m of the organization's treasurers
  approvalThresholdMinor: bigint; // spends above this also need the approvals after the vote
  approvalThresholdCurrency: string | null; // the threshold's currency (null: a zero threshold, any currency)
  approvalsAloneBelow: boolean; // spends up to the threshold may be approved without a vote
  isDefault: boolean;
}

export const DEFAULT_TREASURY_RULES = {
  approvalsRequired: 1,
  approvalThresholdMinor: 0n,
  approvalThresholdCurrency: null,
  approvalsAloneBelow: false,
};

export const proposalSubject = (id: string) => `urn:cosmolocal:proposal:${id}`;
