import type { JobOffer, JobTransition, ProductionJob, ProductionRequest } from './production.types.js';
import { JobOfferModel, JobStatusGql, JobTransitionModel, ProductionJobModel, ProductionRequestModel } from './models/production.models.js';

export function toRequestModel(r: ProductionRequest): ProductionRequestModel {
  return {
    id: r.id,
    quantity: r.quantity,
    location: { ...r.location, address: r.address },
    radiusKm: r.radiusKm,
    dueDate: r.dueDate,
    budget: r.budget ? { amountMinor: r.budget.amountMinor.toString(), currency: r.budget.currency } : null,
    split: r.split,
    note: r.note,
    cancelledAt: r.cancelledAt,
    createdAt: r.createdAt,
    designVersionId: r.designVersionId,
    requesterAccountId: r.requesterAccountId,
  };
}

export function toJobModel(j: ProductionJob): ProductionJobModel {
  return {
    id: j.id,
    lineKey: j.lineKey,
    role: j.role,
    label: j.label,
    status: j.status,
    quantity: j.quantity,
    estimatedHours: j.estimatedHours,
    claimedAt: j.claimedAt,
    claimExpiresAt: j.claimExpiresAt,
    evidenceCids: j.evidenceCids,
    requestId: j.requestId,
    facilityId: j.facilityId,
    proposedFacilityId: j.proposedFacilityId,
    claimedBy: j.claimedBy,
  };
}

export function toOfferModel(o: JobOffer): JobOfferModel {
  return {
    rank: o.rank,
    score: Math.round(o.score * 10_000) / 10_000,
    distanceKm: Math.round(o.distanceKm * 100) / 100,
    reasons: o.reasons,
    facilityId: o.facilityId,
    jobId: o.jobId,
  };
}

export function toTransitionModel(t: JobTransition): JobTransitionModel {
  return {
    from: t.from,
    to: t.to as JobStatusGql,
    actorId: t.actorAccountId,
    facilityId: t.facilityId,
    evidenceCids: t.evidenceCids,
    note: t.note,
    at: t.at,
  };
}

// A request's overall state, from its jobs.
export function requestStatus(r: ProductionRequest, jobs: readonly ProductionJob[]): string {
  if (r.cancelledAt) return 'CANCELLED';
  if (jobs.some((j) => j.status === 'DISPUTED')) return 'DISPUTED';
  if (jobs.every((j) => j.status === 'SETTLED')) return 'SETTLED';
  if (jobs.every((j) => j.status === 'ACCEPTED' || j.status === 'SETTLED')) return 'ACCEPTED';
  if (jobs.some((j) => j.status === 'OPEN')) return 'OPEN';
  return 'IN_PROGRESS';
}
