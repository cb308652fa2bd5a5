import { Field, Float, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import { DimensionsInput } from '../../designs/dto/publish.inputs.js';

@InputType()
export class PointInput {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
  @Field(() => String, { nullable: true }) address?: string | null;
}

@InputType({ description: 'What one part asks of a machine, for matching without a published design.' })
export class RequirementInput {
  @Field({ description: 'Process code, OKH TsDC code, fablabs.io name or Wikipedia URI.' }) process: string;
  @Field(() => String, { nullable: true }) material?: string | null;
  @Field(() => DimensionsInput, { nullable: true }) minBuildVolumeMm?: DimensionsInput | null;
  @Field(() => String, { nullable: true, description: 'ISO 2768-1 class the part needs: f, m, c or v.' }) toleranceClass?: string | null;
  @Field(() => String, { nullable: true }) label?: string | null;
}

@InputType()
export class MatchFacilitiesInput {
  @Field(() => String, { nullable: true, description: 'Match on the parts of this design version.' }) designVersionCid?: string | null;
  @Field(() => [RequirementInput], { nullable: true, description: 'Extra (or, without a design, the only) requirements.' }) requirements?:
    RequirementInput[] | null;
  @Field(() => PointInput) location: PointInput;
  @Field(() => Float, { description: 'More than 0, at most 2000.' }) radiusKm: number;
  @Field(() => Int) quantity: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) dueDate?: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only facilities whose free machine-hours before dueDate cover the work (needs dueDate). Without it, free time is a ranking factor.',
  })
  requireFreeHours?: boolean | null;
  @Field(() => Int, { nullable: true, description: '1 to 100, default 20.' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The endCursor of the page before.' }) after?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Also list the nearest facilities that were excluded, with why (eligible: false).' })
  explain?: boolean | null;
}
