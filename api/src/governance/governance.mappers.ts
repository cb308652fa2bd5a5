import type { Agent } from '../identity/agent-directory.js';
import type { PayloadOf, Proposal, Tally, TreasuryRules, Vote } from './governance.types.js';
import type { ProposalDescription } from './kinds/proposal-kind.js';
import type { ProposalModel, ProposalSpendModel, TreasuryRulesModel, VoteModel } from './models/governance.models.js';

// The domain proposal rides along (not in the schema) for field resolvers that need it.
export type ProposalModelWithSource = ProposalModel & { source: Proposal };

// `description` is what the proposal's kind shows (kinds/<kind>.kind.ts `describe`).
export const toProposalModel = (
  p: Proposal,
  description: ProposalDescription,
  spendRecipient: Agent | null,
  voteAs: string | null = null,
): ProposalModelWithSource => {
  return {
    source: p,
    id: p.id,
    organizationId: p.organizationId,
    kind: p.kind,
    title: p.title,
    body: p.body,
    options: p.options,
    decisionRule: p.decisionRule,
    quorumBps: p.quorumBps,
    electorate: p.electorate,
    votingStartsAt: p.votingStartsAt,
    votingEndsAt: p.votingEndsAt,
    status: p.status,
    // Filled by the field resolvers (live while open, final once closed).
    tally: [],
    votesCast: 0,
    quorumNeeded: 0,
    quorumReached: p.quorumReached,
    outcome: p.outcome,
    closedAt: p.closedAt,
    executedAt: p.executedAt,
    execution: p.execution ? JSON.stringify(p.execution) : null,
    executionError: p.executionError,
    policy: description.policy !== undefined ? JSON.stringify(description.policy) : null,
    spend: description.spend ? spendModel(description.spend, spendRecipient) : null,
    details: description.details ? JSON.stringify(description.details) : null,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    voteAs,
  };
};

export const toSpendModel = (p: Proposal, recipient: Agent | null): ProposalSpendModel => {
  if (p.payload.kind !== 'TREASURY_SPEND') throw new Error('not a spend');
  return spendModel(p.payload, recipient);
};

const spendModel = (s: PayloadOf<'TREASURY_SPEND'>, recipient: Agent | null): ProposalSpendModel => {
  return {
    fund: s.fund,
    amount: { amountMinor: s.amountMinor, currency: s.currency },
    recipientAgent: s.recipient.kind === 'AGENT' ? recipient : null,
    recipientOrganizationId: s.recipient.kind === 'FUND' ? s.recipient.organizationId : null,
    recipientFund: s.recipient.kind === 'FUND' ? s.recipient.fund : null,
    memo: s.memo,
  };
};

export const tallyLines = (t: Tally) => Object.entries(t.counts).map(([option, votes]) => ({ option, votes }));

export const toVoteModel = (v: Vote, voter: Agent): VoteModel => ({
  proposalId: v.proposalId,
  voter,
  option: v.option,
  reason: v.reason,
  recordId: v.recordId,
  changes: v.changes,
  castAt: v.castAt,
});

export const toTreasuryRulesModel = (r: TreasuryRules): TreasuryRulesModel => ({
  approvalsRequired: r.approvalsRequired,
  approvalThresholdMinor: r.approvalThresholdMinor.toString(),
  approvalThresholdCurrency: r.approvalThresholdCurrency,
  approvalsAloneBelowThreshold: r.approvalsAloneBelow,
  isDefault: r.isDefault,
});
