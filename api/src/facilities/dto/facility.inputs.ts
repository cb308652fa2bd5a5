import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { DimensionsInput } from '../../designs/dto/publish.inputs.js';

@InputType()
export class LocationInput {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' }) country?: string | null;
}

@InputType()
export class EquipmentInput {
  @Field({ description: 'Process code, OKH TsDC code, fablabs.io name or Wikipedia URI.' }) process: string;
  @Field(() => String, { nullable: true }) make?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => Int, { nullable: true }) quantity?: number | null;
  @Field(() => DimensionsInput, { nullable: true }) buildVolumeMm?: DimensionsInput | null;
  @Field(() => [String], { nullable: true }) materials?: string[] | null;
  @Field(() => String, { nullable: true }) toleranceClass?: string | null;
  @Field(() => String, { nullable: true, description: 'NEW, GOOD, WORN or NEEDS_REPAIR.' }) condition?: string | null;
}

// A facility's profile, as registered or as edited (the whole profile: equipment is replaced).
@InputType()
export class FacilityProfileInput {
  @Field() name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => LocationInput, { nullable: true }) location?: LocationInput | null;
  @Field(() => Boolean, { nullable: true, description: 'Show the exact location to everyone (default: city only).' }) locationPublic?:
    boolean | null;
  @Field(() => String, { nullable: true }) facilityStatus?: string | null;
  @Field(() => String, { nullable: true }) accessType?: string | null;
  @Field(() => String, { nullable: true }) openingHours?: string | null;
  @Field(() => [String], { nullable: true }) certifications?: string[] | null;
  @Field(() => String, { nullable: true }) typicalBatchSize?: string | null;
  @Field(() => String, { nullable: true }) contactEmail?: string | null;
  @Field(() => Float) capacityHoursPerWeek: number;
  @Field(() => [EquipmentInput], { nullable: true }) equipment?: EquipmentInput[] | null;
}

@InputType()
export class RegisterFacilityInput extends FacilityProfileInput {
  @Field(() => ID) organizationId: string;
}
