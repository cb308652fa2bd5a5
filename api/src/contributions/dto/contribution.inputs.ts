import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'A contribution the platform does not see by itself: documentation, review, mentoring, repair…' })
export class RecordContributionInput {
  @Field(() => ID, { description: 'The organization the contribution was made for; its members validate it.' }) organizationId: string;
  @Field({ description: 'Valueflows action: work, deliverService, modify, cite or produce.' }) action: string;
  @Field({ description: 'What was done (3 to 2000 characters).' }) note: string;
  @Field(() => String, { nullable: true, description: 'Hours as a decimal string with at most two decimals, e.g. "2.5".' }) effortHours?:
    string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was done; defaults to now, never in the future.' })
  occurredAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'The design version the contribution is about.' }) designVersionCid?: string | null;
  @Field(() => ID, { nullable: true, description: 'The production job the contribution went into.' }) jobId?: string | null;
  @Field(() => [String], { nullable: true, description: 'CIDs of uploaded evidence (documents, photos).' }) evidenceCids?: string[] | null;
}

@InputType()
export class ContributionFilterInput {
  @Field(() => String, { nullable: true, description: 'The providing agent’s DID.' }) agent?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => ID, { nullable: true }) designId?: string | null;
  @Field(() => ID, { nullable: true }) jobId?: string | null;
  @Field(() => String, { nullable: true }) action?: string | null;
  @Field(() => String, { nullable: true, description: 'Anchor status: PENDING, PROCESSING, ANCHORED, FAILED or REPLACED.' }) status?:
    string | null;
}
