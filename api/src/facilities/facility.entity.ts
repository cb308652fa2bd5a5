import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('facilities')
export class FacilityEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('double precision', { nullable: true }) lat: number | null;
  @Column('double precision', { nullable: true }) lon: number | null;
  @Column('text', { nullable: true }) address: string | null;
  @Column('text', { nullable: true }) city: string | null;
  @Column('text', { nullable: true }) country: string | null;
  @Column('boolean', { name: 'location_public' }) locationPublic: boolean;
  @Column('text', { name: 'facility_status' }) facilityStatus: string;
  @Column('text', { name: 'access_type' }) accessType: string;
  @Column('text', { name: 'opening_hours', nullable: true }) openingHours: string | null;
  @Column('text', { array: true }) certifications: string[];
  @Column('text', { name: 'typical_batch_size', nullable: true }) typicalBatchSize: string | null;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail: string | null;
  // Processes of its working equipment: a cheap pre-filter for matching.
  @Column('text', { array: true }) processes: string[];
  @Column('numeric', { name: 'capacity_hours_per_week', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  capacityHoursPerWeek: number;
  @Column('text', { name: 'verification_level' }) verificationLevel: string;
  @Column('text', { name: 'source_id', nullable: true }) sourceId: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('facility_equipment')
export class EquipmentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'facility_id' }) facilityId: string;
  @Column('text') process: string;
  @Column('text', { nullable: true }) make: string | null;
  @Column('text', { nullable: true }) model: string | null;
  @Column('integer') quantity: number;
  @Column('double precision', { name: 'build_x_mm', nullable: true }) buildXMm: number | null;
  @Column('double precision', { name: 'build_y_mm', nullable: true }) buildYMm: number | null;
  @Column('double precision', { name: 'build_z_mm', nullable: true }) buildZMm: number | null;
  @Column('text', { array: true }) materials: string[];
  @Column('text', { name: 'tolerance_class', nullable: true }) toleranceClass: string | null;
  @Column('text') condition: string;
}

@Entity('facility_attestations')
export class FacilityAttestationEntity {
  @PrimaryColumn('uuid', { name: 'facility_id' }) facilityId: string;
  @PrimaryColumn('uuid', { name: 'attester_organization_id' }) attesterOrganizationId: string;
  @Column('uuid', { name: 'attester_facility_id' }) attesterFacilityId: string;
  @Column('uuid', { name: 'attester_account_id' }) attesterAccountId: string;
  @Column('text') statement: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('facility_verification_history')
export class VerificationHistoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'facility_id' }) facilityId: string;
  @Column('text', { name: 'from_level' }) fromLevel: string;
  @Column('text', { name: 'to_level' }) toLevel: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'actor_account_id', nullable: true }) actorAccountId: string | null;
  @Column('timestamptz') at: Date;
}
