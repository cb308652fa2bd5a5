import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { Connection } from '../../common/graphql/connection.js';
import { AgentModel } from '../../contributions/models/contribution.models.js';
import { MoneyModel } from '../../production/models/production.models.js';
import {
  DECISION_RULES,
  PROPOSAL_KIND_DESCRIPTIONS,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type DecisionRule,
  type ProposalKindName,
  type ProposalStatus,
} from '../governance.types.js';

// Built from PROPOSAL_KIND_DESCRIPTIONS, the one list of kinds.
export const ProposalKindGql = graphqlEnum(PROPOSAL_KINDS, {
  name: 'ProposalKind',
  valuesMap: Object.fromEntries(PROPOSAL_KINDS.map((k) => [k, { description: PROPOSAL_KIND_DESCRIPTIONS[k] }])),
});
export type ProposalKindGql = ProposalKindName;

export const DecisionRuleGql = graphqlEnum(DECISION_RULES, {
  name: 'DecisionRule',
  valuesMap: {
    SIMPLE_MAJORITY: { description: 'More than half of the votes cast (abstentions aside).' },
    TWO_THIRDS: { description: 'At least two thirds of the votes cast (abstentions aside).' },
    CONSENT: { description: 'Passes unless a member blocks, with a reason.' },
    APPROVALS_ONLY: { description: 'A spend up to the treasury’s threshold, decided by m treasurers without a vote (if the rules allow).' },
  },
});
export type DecisionRuleGql = DecisionRule;

export const ProposalStatusGql = graphqlEnum(PROPOSAL_STATUSES, { name: 'ProposalStatus' });
export type ProposalStatusGql = ProposalStatus;

@ObjectType('TallyLine')
export class TallyLineModel {
  @Field() option: string;
  @Field(() => Int) votes: number;
}

@ObjectType('Vote', { description: 'One member’s (or member organization’s) vote, a signed record.' })
export class VoteModel {
  @Field(() => ID) proposalId: string;
  @Field(() => AgentModel, { description: 'The member, or the member organization in a federation.' }) voter: AgentModel;
  @Field() option: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field({ description: 'The CID of the signed vote record (its latest change).' }) recordId: string;
  @Field(() => Int, { description: 'How many times the vote was changed.' }) changes: number;
  @Field(() => GraphQLISODateTime) castAt: Date;
}

@ObjectType('SpendApproval')
export class SpendApprovalModel {
  @Field(() => AgentModel) treasurer: AgentModel;
  @Field() recordId: string;
  @Field(() => GraphQLISODateTime) approvedAt: Date;
}

@ObjectType('ProposalSpend', { description: 'What a treasury spend moves, and to whom.' })
export class ProposalSpendModel {
  @Field() fund: string;
  @Field(() => MoneyModel) amount: MoneyModel;
  @Field(() => AgentModel, { nullable: true, description: 'A person or organization paid into its own account.' })
  recipientAgent: AgentModel | null;
  @Field(() => ID, { nullable: true, description: 'An organization whose fund is paid.' }) recipientOrganizationId: string | null;
  @Field(() => String, { nullable: true }) recipientFund: string | null;
  @Field() memo: string;
}

@ObjectType('Proposal')
export class ProposalModel {
  @Field(() => ID) id: string;
  @Field(() => ID) organizationId: string;
  @Field(() => ProposalKindGql) kind: ProposalKindGql;
  @Field() title: string;
  @Field() body: string;
  @Field(() => [String], { description: 'What may be voted (always with "abstain", which counts towards quorum only).' }) options: string[];
  @Field(() => DecisionRuleGql) decisionRule: DecisionRuleGql;
  @Field(() => Int, { description: 'Share of the electorate that must vote, in basis points.' }) quorumBps: number;
  @Field(() => Int, { description: 'Members (or member organizations) when the proposal opened: who may vote.' }) electorate: number;
  @Field(() => GraphQLISODateTime) votingStartsAt: Date;
  @Field(() => GraphQLISODateTime) votingEndsAt: Date;
  @Field(() => ProposalStatusGql) status: ProposalStatusGql;
  @Field(() => [TallyLineModel], { description: 'Votes per option, live while open (public).' }) tally: TallyLineModel[];
  @Field(() => Int) votesCast: number;
  @Field(() => Int, { description: 'Votes needed for quorum.' }) quorumNeeded: number;
  @Field(() => Boolean, { nullable: true, description: 'Null until closed.' }) quorumReached: boolean | null;
  @Field(() => String, { nullable: true, description: 'The option that carried, once closed.' }) outcome: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) closedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) executedAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'What execution did, as JSON (policy version, ledger transaction and record, level, member).',
  })
  execution: string | null;
  @Field(() => String, { nullable: true }) executionError: string | null;
  @Field(() => String, { nullable: true, description: 'A policy change’s new value equation (JSON).' }) policy: string | null;
  @Field(() => ProposalSpendModel, { nullable: true }) spend: ProposalSpendModel | null;
  @Field(() => String, { nullable: true, description: 'A verification or membership proposal’s details (JSON).' }) details: string | null;
  @Field(() => ID) createdBy: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => ID, { nullable: true, description: 'In proposalsNeedingMyVote: whom you vote for (yourself, or a member organization).' })
  voteAs: string | null;
}

@ObjectType('ProposalConnection')
export class ProposalConnection extends Connection(ProposalModel, 'ProposalPage') {}

@ObjectType('TreasuryFund')
export class TreasuryFundModel {
  @Field(() => ID) accountId: string;
  @Field() fund: string;
  @Field(() => MoneyModel) balance: MoneyModel;
}

@ObjectType('TreasuryInflow', {
  description: 'Money into a fund, by the kind of ledger transaction that brought it (SETTLEMENT, TRANSFER…).',
})
export class TreasuryInflowModel {
  @Field() fund: string;
  @Field() source: string;
  @Field(() => MoneyModel) amount: MoneyModel;
  @Field(() => Int) transactions: number;
}

@ObjectType('TreasuryOutflow', { description: 'An executed spend: its proposal, ledger transaction and signed record.' })
export class TreasuryOutflowModel {
  @Field(() => ID) proposalId: string;
  @Field() title: string;
  @Field() fund: string;
  @Field(() => MoneyModel) amount: MoneyModel;
  @Field(() => ProposalSpendModel) spend: ProposalSpendModel;
  @Field(() => ID) ledgerTransactionId: string;
  @Field() recordId: string;
  @Field(() => GraphQLISODateTime) executedAt: Date;
}

@ObjectType('TreasuryRules')
export class TreasuryRulesModel {
  @Field(() => Int, { description: 'm: treasurers’ approvals a spend needs.' }) approvalsRequired: number;
  @Field({ description: 'Spends above this (minor units) need the approvals after the vote passes.' }) approvalThresholdMinor: string;
  @Field(() => String, {
    nullable: true,
    description: 'The threshold’s currency; spends in other currencies always need the approvals (null: a zero threshold).',
  })
  approvalThresholdCurrency: string | null;
  @Field({ description: 'Spends up to the threshold may be approved by m treasurers without a vote.' })
  approvalsAloneBelowThreshold: boolean;
  @Field() isDefault: boolean;
}

@ObjectType('Treasury', { description: 'An organization’s funds, open to all: balances, inflows by source, outflows by proposal.' })
export class TreasuryModel {
  @Field(() => ID) organizationId: string;
  @Field(() => [TreasuryFundModel]) funds: TreasuryFundModel[];
  @Field(() => [TreasuryInflowModel]) inflows: TreasuryInflowModel[];
  @Field(() => [TreasuryOutflowModel]) outflows: TreasuryOutflowModel[];
  @Field(() => TreasuryRulesModel) rules: TreasuryRulesModel;
  @Field(() => Int, { description: 'n: the organization’s treasurers.' }) treasurers: number;
}
