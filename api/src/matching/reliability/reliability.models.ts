import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { TARGET_STATUSES, type FacilityReliability, type Rate, type TargetStatus } from './reliability.js';

export const TargetStatusGql = graphqlEnum(TARGET_STATUSES, {
  name: 'TargetStatus',
  description:
    'A rate against its target, judged on its 95 % Wilson interval: MEETS_TARGET when the whole interval is at or above it, BELOW_TARGET when the whole interval is below, UNPROVEN in between, NO_RECORD without a sample.',
});

@ObjectType('ReliabilityRate')
export class ReliabilityRateModel {
  @Field(() => Int) count: number;
  @Field(() => Int, { description: 'The jobs the rate is counted over.' }) sample: number;
  @Field(() => Float, { nullable: true, description: 'count / sample (null without a sample).' }) rate: number | null;
  @Field(() => Float, { description: 'Lower end of the 95 % Wilson interval.' }) lowerBound: number;
  @Field(() => Float, { description: 'Upper end of the 95 % Wilson interval.' }) upperBound: number;
  @Field(() => Float, { description: 'The target set by the organization’s matching policy.' }) target: number;
  @Field(() => TargetStatusGql) status: TargetStatus;
}

@ObjectType('Probation')
export class ProbationModel {
  @Field({ description: 'Whether the facility is still new: fewer accepted jobs than the policy’s probation.' }) active: boolean;
  @Field(() => Int) acceptedJobs: number;
  @Field(() => Int, { description: 'Accepted jobs that end probation.' }) jobs: number;
  @Field(() => Int, { description: 'Largest quantity a job may have while on probation.' }) maxQuantity: number;
}

@ObjectType('FacilityReliability', {
  description:
    'A facility’s delivery record over its organization’s window (the last windowJobs jobs within windowDays days), each rate with its sample size.',
})
export class FacilityReliabilityModel {
  @Field(() => ReliabilityRateModel, { description: 'Delivered by the due date; jobs held past their due date count as late.' })
  onTime: ReliabilityRateModel;
  @Field(() => ReliabilityRateModel, { description: 'Accepted without a dispute, among delivered jobs accepted or disputed.' })
  firstDelivery: ReliabilityRateModel;
  @Field(() => Int, { description: 'Jobs disputed in the window.' }) disputes: number;
  @Field(() => Int, { description: 'Jobs in the window.' }) sample: number;
  @Field(() => Int) windowDays: number;
  @Field(() => Int) windowJobs: number;
  @Field(() => Float, { description: 'The reliability term of the match score (smoothed rates, 0.5 without a record).' }) score: number;
  @Field(() => ProbationModel) probation: ProbationModel;
}

const r4 = (n: number) => Math.round(n * 10_000) / 10_000;
const rate = (r: Rate): ReliabilityRateModel => ({
  ...r,
  rate: r.rate === null ? null : r4(r.rate),
  lowerBound: r4(r.lowerBound),
  upperBound: r4(r.upperBound),
});

export function toReliabilityModel(r: FacilityReliability): FacilityReliabilityModel {
  return { ...r, onTime: rate(r.onTime), firstDelivery: rate(r.firstDelivery), score: r4(r.score), probation: { ...r.probation } };
}
