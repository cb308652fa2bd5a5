import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection.js';
import { DimensionsModel } from '../../designs/models/design.models.js';

@ObjectType('FacilityLocation', { description: 'Exact for members and for facilities that opted in; otherwise rounded to about 11 km.' })
export class FacilityLocationModel {
  @Field(() => Float) lat: number;
  @Field(() => Float) lon: number;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field() exact: boolean;
}

@ObjectType('InferredValue', {
  description: 'A value inferred from the machine-kind table rather than stated by the co-op, with its basis (a manufacturer spec).',
})
export class InferredValueModel {
  @Field({ description: 'materials or buildVolumeMm.' }) field: string;
  @Field() basis: string;
}

@ObjectType('Equipment')
export class EquipmentModel {
  @Field(() => ID) id: string;
  @Field({ description: 'A process code (THREE_D_PRINTING, CNC_MILLING, LASER_CUTTING, …).' }) process: string;
  @Field(() => String, { nullable: true }) make?: string;
  @Field(() => String, { nullable: true }) model?: string;
  @Field(() => Int) quantity: number;
  @Field(() => DimensionsModel, { nullable: true, description: 'Working volume, mm.' }) buildVolumeMm?: DimensionsModel;
  @Field(() => [String]) materials: string[];
  @Field(() => String, { nullable: true, description: 'ISO 2768-1 class: f, m, c or v.' }) toleranceClass?: string;
  @Field() condition: string;
  @Field(() => [InferredValueModel], {
    description:
      'The values of this machine that were inferred from its kind, make and model; empty once the co-op confirmed or corrected them.',
  })
  inferred: InferredValueModel[];
}

@ObjectType('Facility', { description: 'A makerspace or fabrication co-op workshop (an Open Know-Where profile).' })
export class FacilityModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() facilityStatus: string;
  @Field() accessType: string;
  @Field(() => String, { nullable: true }) openingHours: string | null;
  @Field(() => [String]) certifications: string[];
  @Field(() => String, { nullable: true }) typicalBatchSize: string | null;
  @Field(() => Float) capacityHoursPerWeek: number;
  @Field({ description: 'SELF_ASSERTED, PEER_ATTESTED or VERIFIED.' }) verificationLevel: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  organizationId: string;
}

@ObjectType('NearbyFacility')
export class NearbyFacilityModel {
  @Field(() => FacilityModel) facility: FacilityModel;
  @Field(() => Float) distanceKm: number;
}

export const NearbyFacilityConnection = Connection(NearbyFacilityModel, 'NearbyFacility');

@ObjectType('FacilityAttestation', { description: 'A verified facility vouching for another facility’s capabilities.' })
export class FacilityAttestationModel {
  @Field() statement: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  attesterOrganizationId: string;
  attesterFacilityId: string;
}

@ObjectType('VerificationChange')
export class VerificationChangeModel {
  @Field() from: string;
  @Field() to: string;
  @Field() reason: string;
  @Field(() => GraphQLISODateTime) at: Date;
}
