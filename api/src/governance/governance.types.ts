import type { Fund } from '../rewards/policy/policy.js';
import type { VerificationLevel } from '../facilities/facilities.types.js';

export const PROPOSAL_KINDS = ['REWARD_POLICY_CHANGE', 'TREASURY_SPEND', 'FACILITY_VERIFICATION', 'MEMBERSHIP', 'TEXT'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

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

export type ProposalPayload =
  | { kind: 'REWARD_POLICY_CHANGE'; policy: unknown }
  | { kind: 'TREASURY_SPEND'; fund: Fund; amountMinor: string; currency: string; recipient: SpendRecipient; memo: string }
  | { kind: 'FACILITY_VERIFICATION'; facilityId: string; level: VerificationLevel; reason: string }
  | { kind: 'MEMBERSHIP'; action: 'ADMIT' | 'REMOVE'; accountId?: string; organizationId?: string; role?: 'MEMBER' | 'TREASURER' | 'ADMIN' }
  | { kind: 'TEXT' };

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
  kind: ProposalKind;
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

export const DEFAULT_TREASURY_RULES = { approvalsRequired: 1, approvalThresholdMinor: 0n, approvalThresholdCurrency: null, approvalsAloneBelow: false };

export const proposalSubject = (id: string) => `urn:cosmolocal:proposal:${id}`;
