import { Field, Float, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { PointInput } from '../../matching/dto/match.inputs.js';

@InputType()
export class MoneyInput {
  @Field({ description: 'Whole minor units as a string, e.g. "1250" for 12.50.' }) amountMinor: string;
  @Field({ description: 'ISO 4217 code, e.g. EUR.' }) currency: string;
}

@InputType()
export class RequestProductionInput {
  @Field() designVersionCid: string;
  @Field(() => Int) quantity: number;
  @Field(() => PointInput) location: PointInput;
  @Field(() => Float, { description: 'More than 0, at most 2000.' }) radiusKm: number;
  @Field(() => GraphQLISODateTime) dueDate: Date;
  @Field(() => MoneyInput, { nullable: true }) budget?: MoneyInput | null;
  @Field(() => ID, { nullable: true, description: 'Request on behalf of an organization you belong to.' }) organizationId?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'When no single facility can make everything, split into BOM lines plus an assembler.',
  })
  allowSplit?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Offer the job only to facilities whose free machine-hours before dueDate cover it; otherwise free time only ranks them.',
  })
  requireFreeHours?: boolean | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}
