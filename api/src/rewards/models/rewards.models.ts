import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { PAYOUT_VIEWS, type PayoutView } from '../rewards.types.js';
import { FLOW_INTERVALS, type FlowInterval } from '../distribution/flow-periods.js';
import { Connection } from '../../common/graphql/connection.js';
import { AgentModel } from '../../contributions/models/contribution.models.js';
import { MoneyModel } from '../../production/models/production.models.js';

@ObjectType('Payout', { description: 'One line of a settlement: who, from which bucket, by which rule, for which records.' })
export class PayoutModel {
  @Field(() => Int) line: number;
  @Field(() => AgentModel, { nullable: true, description: 'Null when the line goes to a fund.' }) agent: AgentModel | null;
  @Field(() => String, { nullable: true, description: 'SOLIDARITY or COMMONS when the line goes to a fund.' }) fund: string | null;
  @Field(() => ID, { nullable: true, description: 'The ledger account credited (hidden with the name of a person).' }) account:
    string | null;
  @Field() amountMinor: string;
  @Field() currency: string;
  @Field() bucket: string;
  @Field() rule: string;
  @Field(() => [String], { description: 'Contribution record CIDs this line pays for.' }) records: string[];
  @Field(() => [String], { nullable: true, description: 'Design version CIDs from the paid version up to the one credited.' }) lineagePath:
    string[] | null;
}

@ObjectType('Settlement')
export class SettlementModel {
  @Field(() => ID) id: string;
  @Field(() => ID) jobId: string;
  @Field({ description: 'PENDING until the worker has distributed it, then DISTRIBUTED.' }) status: string;
  @Field(() => Int, { description: 'The fabricating organization’s policy version in force at payment (0: the default policy).' })
  policyVersion: number;
  @Field(() => MoneyModel) total: MoneyModel;
  @Field(() => ID, { nullable: true }) transactionId: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) distributedAt: Date | null;
}

export const PayoutExplanationViewGql = graphqlEnum(PAYOUT_VIEWS, {
  name: 'PayoutExplanationView',
  description:
    'AGENT: the lines paid to the agent asked about. PUBLIC: that agent is a person whom only they themself and the fabricating co-op’s members see paid, so only what names no one.',
});
export type PayoutExplanationViewGql = PayoutView;

@ObjectType('PayoutBucketSum', { description: 'What a settlement paid through one bucket, summed over its recipients.' })
export class PayoutBucketSumModel {
  @Field() bucket: string;
  @Field(() => MoneyModel) amount: MoneyModel;
}

@ObjectType('PayoutExplanation', {
  description:
    'Why an agent was paid what they were. Lines to a person are shown only to that person and to the fabricating co-op’s members; everyone else gets the PUBLIC view.',
})
export class PayoutExplanationModel {
  @Field(() => ID) settlementId: string;
  @Field() agentDid: string;
  @Field(() => PayoutExplanationViewGql) view: PayoutExplanationViewGql;
  @Field(() => MoneyModel, { nullable: true, description: 'What the agent was paid in all (null in the PUBLIC view).' })
  total: MoneyModel | null;
  @Field(() => MoneyModel, { description: 'The settlement’s amount.' }) settlementTotal: MoneyModel;
  @Field(() => Int) policyVersion: number;
  @Field(() => [PayoutModel], {
    description: 'AGENT view: every line paid to the agent. PUBLIC view: the lines to funds and organizations.',
  })
  lines: PayoutModel[];
  @Field(() => [PayoutBucketSumModel], { description: 'The settlement’s sums per bucket (no one named).' }) buckets: PayoutBucketSumModel[];
}

@ObjectType('RewardPolicy')
export class RewardPolicyModel {
  @Field(() => ID) organizationId: string;
  @Field(() => Int, { description: '0 for the platform default.' }) version: number;
  @Field() isDefault: boolean;
  @Field({ description: 'The value equation as JSON (buckets, lineage, cap).' }) spec: string;
}

@ObjectType('LedgerEntry')
export class LedgerEntryModel {
  @Field(() => ID) id: string;
  @Field(() => ID) transactionId: string;
  @Field({ description: 'Signed minor units: + credits the account.' }) amountMinor: string;
  @Field() currency: string;
  @Field(() => String, { nullable: true }) memo: string | null;
  @Field() reference: string;
  @Field() kind: string;
  @Field(() => GraphQLISODateTime) at: Date;
}

@ObjectType('LedgerEntryConnection')
export class LedgerEntryConnection extends Connection(LedgerEntryModel, 'LedgerEntryPage') {}

@ObjectType('LedgerAccount')
export class LedgerAccountModel {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() name: string;
  @Field() currency: string;
  @Field(() => String, { nullable: true }) ownerDid: string | null;
  @Field(() => ID, { nullable: true }) organizationId: string | null;
  @Field(() => String, { nullable: true }) fund: string | null;
  @Field({ description: 'Signed minor units.' }) balanceMinor: string;
}

export const FlowIntervalGql = graphqlEnum(FLOW_INTERVALS, {
  name: 'FlowInterval',
  description: 'Calendar periods in UTC; weeks start on Monday.',
});
export type FlowIntervalGql = FlowInterval;

@ObjectType('PayoutFlow', { description: 'Income distributed in one period through one bucket, summed over its recipients.' })
export class PayoutFlowModel {
  @Field(() => GraphQLISODateTime) periodStart: Date;
  @Field({ description: 'The policy bucket’s key (e.g. fabrication, lineage, solidarity).' }) bucket: string;
  @Field(() => MoneyModel) amount: MoneyModel;
  @Field(() => Int, { description: 'Settlements that paid into this bucket in the period.' }) settlements: number;
}

@ObjectType('PayoutFlows', { description: 'Where an organization’s realised income went, by bucket and period.' })
export class PayoutFlowsModel {
  @Field(() => FlowIntervalGql) interval: FlowIntervalGql;
  @Field(() => [GraphQLISODateTime], { description: 'The start of every period in the window, empty ones included, oldest first.' })
  periodStarts: Date[];
  @Field(() => GraphQLISODateTime) from: Date;
  @Field(() => GraphQLISODateTime, { description: 'The end of the window (exclusive).' }) to: Date;
  @Field(() => [PayoutFlowModel], { description: 'Non-empty (period, bucket, currency) sums, oldest first.' }) flows: PayoutFlowModel[];
}
