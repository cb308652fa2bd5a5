import type { Selectable } from 'kysely';
import { jsonObject, oneOf, present } from '../database/row-checks.js';
import type { DB } from '../database/sql.js';
import type { Requirement } from '../matching/requirements.js';
import {
  JOB_ROLES,
  JOB_STATUSES,
  type JobOffer,
  type JobTransition,
  type ProductionJob,
  type ProductionRequest,
} from './production.types.js';

// Production's rows as its repositories read them, and the domain objects they become.
export type RequestRow = Selectable<DB['production_requests']>;
export type JobRow = Selectable<DB['production_jobs']>;
export type OfferRow = Pick<
  Selectable<DB['production_offers']>,
  'job_id' | 'facility_id' | 'rank' | 'score' | 'distance_km' | 'load' | 'reasons'
>;
export type HistoryRow = Selectable<DB['production_job_history']>;

export const OFFER_COLUMNS = ['job_id', 'facility_id', 'rank', 'score', 'distance_km', 'load', 'reasons'] as const;

export function toRequest(r: RequestRow): ProductionRequest {
  return {
    id: r.id,
    requesterAccountId: r.requester_account_id,
    requesterOrganizationId: r.requester_organization_id,
    designVersionId: r.design_version_id,
    quantity: r.quantity,
    location: { lat: r.lat, lon: r.lon },
    address: r.address,
    radiusKm: r.radius_km,
    dueDate: r.due_date,
    // The budget's CHECK keeps amount and currency both set or both null.
    budget:
      r.budget_minor === null
        ? null
        : { amountMinor: BigInt(r.budget_minor), currency: present(r.budget_currency, 'production_requests.budget_currency') },
    split: r.split,
    note: r.note,
    cancelledAt: r.cancelled_at,
    createdAt: r.created_at,
  };
}

export function toJob(r: JobRow): ProductionJob {
  return {
    id: r.id,
    requestId: r.request_id,
    lineKey: r.line_key,
    role: oneOf(JOB_ROLES, r.role, 'production_jobs.role'),
    label: r.label,
    // Stored only from requirementsOfManifest / parseRequirements (offer-planning.ts).
    requirement: r.requirement === null ? null : (jsonObject(r.requirement, 'production_jobs.requirement') as unknown as Requirement),
    quantity: r.quantity,
    estimatedHours: Number(r.estimated_hours),
    status: oneOf(JOB_STATUSES, r.status, 'production_jobs.status'),
    proposedFacilityId: r.proposed_facility_id,
    facilityId: r.facility_id,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at,
    claimExpiresAt: r.claim_expires_at,
    claimSeq: r.claim_seq,
    evidenceCids: r.evidence_cids,
    updatedAt: r.updated_at,
  };
}

export function toOffer(r: OfferRow): JobOffer {
  return {
    jobId: r.job_id,
    facilityId: r.facility_id,
    rank: r.rank,
    score: r.score,
    distanceKm: r.distance_km,
    load: r.load,
    reasons: r.reasons,
  };
}

export function toTransition(r: HistoryRow): JobTransition {
  return {
    id: r.id,
    jobId: r.job_id,
    from: oneOf(JOB_STATUSES, r.from_status, 'production_job_history.from_status'),
    to: oneOf(JOB_STATUSES, r.to_status, 'production_job_history.to_status'),
    actorAccountId: r.actor_account_id,
    facilityId: r.facility_id,
    evidenceCids: r.evidence_cids,
    note: r.note,
    at: r.at,
  };
}
