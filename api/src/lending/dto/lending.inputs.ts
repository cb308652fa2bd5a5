import { Field, Float, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';

@InputType()
export class CapacityOfferInput {
  @Field(() => ID, { description: 'The lending facility (its co-op must belong to the federation).' }) facilityId: string;
  @Field(() => ID, { description: 'The federation whose member co-ops may book the hours.' }) federationId: string;
  @Field({ description: 'Process code, OKH TsDC code, fablabs.io name or Wikipedia URI.' }) process: string;
  @Field(() => Float, { description: 'Hours offered in all (at most two decimals).' }) hours: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From when the hours can be used (default: now).' })
  availableFrom?: Date | null;
  @Field(() => GraphQLISODateTime, { description: 'Until when (at most 366 days after availableFrom).' }) availableUntil: Date;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class SubcontractInput {
  @Field(() => ID, { description: 'A job the viewer’s facility holds (claimed or in production).' }) jobId: string;
  @Field(() => ID) offerId: string;
  @Field(() => Float, { description: 'Hours to book from the offer (at most two decimals).' }) hours: number;
}
