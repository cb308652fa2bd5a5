import type { Requirement } from '../matching/requirements.js';

export const JOB_STATUSES = [
  'OPEN',
  'CLAIMED',
  'IN_PRODUCTION',
  'READY',
  'DELIVERED',
  'ACCEPTED',
  'SETTLED',
  'CANCELLED',
  'DISPUTED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_ROLES = ['WHOLE', 'PART', 'ASSEMBLY'] as const;
export type JobRole = (typeof JOB_ROLES)[number];

export interface Money {
  amountMinor: bigint;
  currency: string;
}

export interface ProductionRequest {
  id: string;
  requesterAccountId: string;
  requesterOrganizationId: string | null;
  designVersionId: string;
  quantity: number;
  location: { lat: number; lon: number };
  address: string | null;
  radiusKm: number;
  dueDate: Date;
  budget: Money | null;
  split: boolean;
  note: string | null;
  cancelledAt: Date | null;
  createdAt: Date;
}

export interface ProductionJob {
  id: string;
  requestId: string;
  lineKey: string;
  role: JobRole;
  label: string;
  requirement: Requirement | null;
  quantity: number;
  estimatedHours: number;
  status: JobStatus;
  proposedFacilityId: string | null;
  facilityId: string | null;
  claimedBy: string | null;
  claimedAt: Date | null;
  claimExpiresAt: Date | null;
  claimSeq: number;
  evidenceCids: string[];
  updatedAt: Date;
}

export interface JobOffer {
  jobId: string;
  facilityId: string;
  rank: number;
  score: number;
  distanceKm: number;
  load: number;
  reasons: string[];
}

export interface JobTransition {
  id: string;
  jobId: string;
  from: JobStatus;
  to: JobStatus;
  actorAccountId: string | null;
  facilityId: string | null;
  evidenceCids: string[];
  note: string | null;
  at: Date;
}

// What a job's transition event says of the job (read as a domain object, or as a row by the settlement).
export type EventJob = Pick<ProductionJob, 'id' | 'requestId' | 'lineKey' | 'quantity' | 'estimatedHours' | 'claimSeq'> & {
  role: string;
  claimExpiresAt: Date | string | null;
};

// What settling a job needs: the job as read (for its event), who holds and asked for it, and
// the note its history keeps.
export interface SettlingJob {
  job: EventJob & { claimExpiresAt: string | null };
  facilityId: string | null;
  facilityOrganizationId: string | null;
  requesterId: string;
  designVersionCid: string;
  note: string;
}
