import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/graphql/connection.js';
import { DimensionsModel } from '../../designs/models/design.models.js';
import { FacilityModel } from '../../facilities/models/facility.models.js';
import type { FacilityReliabilityModel } from '../reliability/reliability.models.js';

@ObjectType('FacilityMatch', {
  description: 'A capable facility with its score and reasons, or (eligible: false) a near one that was excluded and why.',
})
export class FacilityMatchModel {
  @Field(() => FacilityModel) facility: FacilityModel;
  @Field(() => Float) distanceKm: number;
  @Field(() => Float, { description: 'Weighted mean of distance, load, verification, co-op and reliability components, 0 to 1.' })
  score: number;
  @Field(() => Float, { description: 'Committed hours over weekly capacity.' }) load: number;
  @Field() eligible: boolean;
  @Field(() => [String]) reasons: string[];
  @Field(() => Boolean, {
    nullable: true,
    description: 'With a due date: whether its free machine-hours before then cover the work (on its calendar, else its weekly capacity).',
  })
  fitsDueDate?: boolean | null;
  @Field(() => Float, { nullable: true, description: 'With a due date: free machine-hours before it on the machines the work can use.' })
  freeHours?: number | null;
  @Field(() => Float, { nullable: true, description: 'With a due date: machine-hours the work needs.' }) neededHours?: number | null;
  // Resolved by MatchReliabilityResolver: ranked matches carry the record they were ranked on.
  reliability?: FacilityReliabilityModel | null;
}

@ObjectType('FacilityMatchEdge')
export class FacilityMatchEdge {
  @Field() cursor: string;
  @Field(() => FacilityMatchModel) node: FacilityMatchModel;
}

@ObjectType('FacilityMatchConnection', { description: 'One page of the ranking, best first.' })
export class FacilityMatchConnection {
  @Field(() => [FacilityMatchEdge]) edges: FacilityMatchEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, {
    description: 'How many facilities the ranking holds: every capable one in range, up to the candidate pool (MATCH_CANDIDATE_POOL).',
  })
  totalCount: number;
  @Field(() => [FacilityMatchModel], {
    description: 'With explain, on the first page: the nearest facilities left out and why (eligible: false).',
  })
  excluded: FacilityMatchModel[];
}

@ObjectType('Requirement')
export class RequirementModel {
  @Field() key: string;
  @Field() label: string;
  @Field() process: string;
  @Field(() => String, { nullable: true }) material?: string;
  @Field(() => DimensionsModel, { nullable: true, description: 'Smallest build volume, sides sorted ascending.' })
  minVolumeMm?: DimensionsModel;
  @Field(() => String, { nullable: true }) toleranceClass?: string;
}

@ObjectType('SplitLine')
export class SplitLineModel {
  @Field(() => RequirementModel) requirement: RequirementModel;
  @Field(() => FacilityModel) facility: FacilityModel;
  @Field(() => Float) toAssemblerKm: number;
}

@ObjectType('SplitPlan', { description: 'Parts assigned to nearby facilities plus an assembler, least total distance.' })
export class SplitPlanModel {
  @Field(() => FacilityModel) assembler: FacilityModel;
  @Field(() => [SplitLineModel]) lines: SplitLineModel[];
  @Field(() => Float) deliveryKm: number;
  @Field(() => Float) totalKm: number;
}
