import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('production_requests')
export class ProductionRequestEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'requester_account_id' }) requesterAccountId: string;
  @Column('uuid', { name: 'requester_organization_id', nullable: true }) requesterOrganizationId: string | null;
  @Column('uuid', { name: 'design_version_id' }) designVersionId: string;
  @Column('integer') quantity: number;
  @Column('double precision') lat: number;
  @Column('double precision') lon: number;
  @Column('text', { nullable: true }) address: string | null;
  @Column('double precision', { name: 'radius_km' }) radiusKm: number;
  @Column('timestamptz', { name: 'due_date' }) dueDate: Date;
  @Column('bigint', { name: 'budget_minor', nullable: true }) budgetMinor: string | null;
  @Column('text', { name: 'budget_currency', nullable: true }) budgetCurrency: string | null;
  @Column('boolean') split: boolean;
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('production_jobs')
export class ProductionJobEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'request_id' }) requestId: string;
  @Column('text', { name: 'line_key' }) lineKey: string;
  @Column('text') role: string;
  @Column('text') label: string;
  @Column('jsonb', { nullable: true }) requirement: object | null;
  @Column('integer') quantity: number;
  @Column('numeric', { name: 'estimated_hours' }) estimatedHours: string;
  @Column('text') status: string;
  @Column('uuid', { name: 'proposed_facility_id', nullable: true }) proposedFacilityId: string | null;
  @Column('uuid', { name: 'facility_id', nullable: true }) facilityId: string | null;
  @Column('uuid', { name: 'claimed_by', nullable: true }) claimedBy: string | null;
  @Column('timestamptz', { name: 'claimed_at', nullable: true }) claimedAt: Date | null;
  @Column('timestamptz', { name: 'claim_expires_at', nullable: true }) claimExpiresAt: Date | null;
  @Column('integer', { name: 'claim_seq' }) claimSeq: number;
  @Column('text', { name: 'evidence_cids', array: true }) evidenceCids: string[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('production_offers')
export class ProductionOfferEntity {
  @PrimaryColumn('uuid', { name: 'job_id' }) jobId: string;
  @PrimaryColumn('uuid', { name: 'facility_id' }) facilityId: string;
  @Column('integer') rank: number;
  @Column('double precision') score: number;
  @Column('double precision', { name: 'distance_km' }) distanceKm: number;
  @Column('double precision') load: number;
  @Column('text', { array: true }) reasons: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('production_job_history')
export class JobHistoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'job_id' }) jobId: string;
  @Column('text', { name: 'from_status' }) fromStatus: string;
  @Column('text', { name: 'to_status' }) toStatus: string;
  @Column('uuid', { name: 'actor_account_id', nullable: true }) actorAccountId: string | null;
  @Column('uuid', { name: 'facility_id', nullable: true }) facilityId: string | null;
  @Column('text', { name: 'evidence_cids', array: true }) evidenceCids: string[];
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz') at: Date;
}
