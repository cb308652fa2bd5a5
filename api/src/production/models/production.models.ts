import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { JOB_STATUSES, type JobStatus } from '../production.types.js';

export const JobStatusGql = graphqlEnum(JOB_STATUSES, { name: 'JobStatus', description: `Job lifecycle: ${JOB_STATUSES.join(', ')}.` });
export type JobStatusGql = JobStatus;

@ObjectType('Money', { description: 'An amount in integer minor units (a string: it may exceed 2^53) with an ISO 4217 currency.' })
export class MoneyModel {
  @Field() amountMinor: string;
  @Field() currency: string;
}

@ObjectType('RequestLocation')
export class RequestLocationModel {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
  @Field(() => String, { nullable: true }) address: string | null;
}

@ObjectType('JobOffer', { description: 'A facility a job was offered to, with its rank and why.' })
export class JobOfferModel {
  @Field(() => Int) rank: number;
  @Field(() => Float) score: number;
  @Field(() => Float) distanceKm: number;
  @Field(() => [String]) reasons: string[];
  facilityId: string;
  jobId: string;
}

@ObjectType('JobTransition', { description: 'One step of a job’s history.' })
export class JobTransitionModel {
  @Field(() => JobStatusGql) from: JobStatusGql;
  @Field(() => JobStatusGql) to: JobStatusGql;
  @Field(() => ID, { nullable: true, description: 'The account that made the change; null when the platform did (claim expiry).' })
  actorId: string | null;
  @Field(() => ID, { nullable: true }) facilityId: string | null;
  @Field(() => [String]) evidenceCids: string[];
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => GraphQLISODateTime) at: Date;
}

@ObjectType('ProductionJob', {
  description: 'A request’s work for one facility: the whole design, or one BOM line / the assembly in split mode.',
})
export class ProductionJobModel {
  @Field(() => ID) id: string;
  @Field({ description: 'whole, part:<part id> or assembly.' }) lineKey: string;
  @Field({ description: 'WHOLE, PART or ASSEMBLY.' }) role: string;
  @Field() label: string;
  @Field(() => JobStatusGql) status: JobStatusGql;
  @Field(() => Int) quantity: number;
  @Field(() => Float) estimatedHours: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) claimedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'An unstarted claim is released at this time.' })
  claimExpiresAt: Date | null;
  @Field(() => [String], { description: 'QC evidence (photos, reports) attached at READY.' }) evidenceCids: string[];
  requestId: string;
  facilityId: string | null;
  proposedFacilityId: string | null;
  claimedBy: string | null;
}

@ObjectType('JobAction', { description: 'A move the viewer may make now (advanceJob to `to`).' })
export class JobActionModel {
  @Field(() => JobStatusGql) to: JobStatusGql;
  @Field({ description: 'READY needs QC evidence CIDs.' }) evidenceRequired: boolean;
}

@ObjectType('ProductionRequest', { description: 'A request to make a design version near a place by a date (a Valueflows intent).' })
export class ProductionRequestModel {
  @Field(() => ID) id: string;
  @Field(() => Int) quantity: number;
  @Field(() => RequestLocationModel) location: RequestLocationModel;
  @Field(() => Float) radiusKm: number;
  @Field(() => GraphQLISODateTime) dueDate: Date;
  @Field(() => MoneyModel, { nullable: true }) budget: MoneyModel | null;
  @Field({ description: 'Split into BOM lines plus an assembly.' }) split: boolean;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) cancelledAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  designVersionId: string;
  requesterAccountId: string;
}
