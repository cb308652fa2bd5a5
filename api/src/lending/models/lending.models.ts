import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { SUBCONTRACT_STATUSES, type SubcontractStatus } from '../lending.types.js';

export const SubcontractStatusGql = graphqlEnum(SUBCONTRACT_STATUSES, {
  name: 'SubcontractStatus',
  description: 'COMMITTED: hours booked for the job; FULFILLED: the job was made; CANCELLED: the job was released or cancelled.',
});
export type SubcontractStatusGql = SubcontractStatus;

@ObjectType('CapacityOffer', { description: 'Machine-hours of one process a co-op’s facility lends to the other co-ops of a federation.' })
export class CapacityOfferModel {
  @Field(() => ID) id: string;
  @Field(() => ID) facilityId: string;
  @Field(() => ID, { description: 'The lending facility’s organization.' }) organizationId: string;
  @Field(() => ID) federationId: string;
  @Field({ description: 'Process code (LASER_CUTTING, CNC_MILLING, …).' }) process: string;
  @Field(() => Float, { description: 'Hours offered in all.' }) hours: number;
  @Field(() => Float, { description: 'Hours not yet committed to a job.' }) remainingHours: number;
  @Field(() => GraphQLISODateTime) availableFrom: Date;
  @Field(() => GraphQLISODateTime) availableUntil: Date;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => ID) offeredBy: string;
  @Field(() => GraphQLISODateTime) offeredAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) withdrawnAt: Date | null;
}

@ObjectType('Quantity', { description: 'A Valueflows measure: a decimal value and its unit (OM2 unit name).' })
export class QuantityModel {
  @Field({ description: 'A decimal string.' }) hasNumericalValue: string;
  @Field() hasUnit: string;
}

@ObjectType('ValueflowsCommitment', {
  description:
    'A subcontract as a Valueflows Commitment (https://w3id.org/valueflows/ont/vf#Commitment): the lender’s work for the borrower, in scope of the job.',
})
export class ValueflowsCommitmentModel {
  @Field({ description: 'urn:cosmolocal:commitment:<id>' }) id: string;
  @Field() type: string;
  @Field({ description: 'The Valueflows action: work.' }) action: string;
  @Field({ description: 'DID of the lending co-op.' }) provider: string;
  @Field({ description: 'DID of the borrowing co-op.' }) receiver: string;
  @Field(() => QuantityModel) effortQuantity: QuantityModel;
  @Field({ description: 'Process the hours are of (its Wikipedia article, as Open Know-Where names processes).' })
  resourceClassifiedAs: string;
  @Field({ description: 'The job: urn:cosmolocal:job:<id>.' }) inScopeOf: string;
  @Field(() => GraphQLISODateTime) due: Date;
  @Field(() => GraphQLISODateTime) created: Date;
  @Field() finished: boolean;
}

@ObjectType('CapacitySubcontract', { description: 'Lent machine-hours booked for a job another co-op holds.' })
export class SubcontractModel {
  @Field(() => ID) id: string;
  @Field(() => ID) offerId: string;
  @Field(() => ID) jobId: string;
  @Field(() => ID) lenderFacilityId: string;
  @Field(() => ID) lenderOrganizationId: string;
  @Field(() => ID) borrowerFacilityId: string;
  @Field(() => ID) borrowerOrganizationId: string;
  @Field() process: string;
  @Field(() => Float) hours: number;
  @Field(() => GraphQLISODateTime, { description: 'The lent hours are spent before this: the job’s due date or the offer’s end.' })
  due: Date;
  @Field(() => SubcontractStatusGql) status: SubcontractStatusGql;
  @Field(() => ID) committedBy: string;
  @Field(() => GraphQLISODateTime) committedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) settledAt: Date | null;
}
