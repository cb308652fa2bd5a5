import { PROCESSES } from '../designs/process-taxonomy.js';
import { subjectOfCommitment, subjectOfJob } from '../contributions/contributions.types.js';
import { remainingHours, type CapacityOffer, type Subcontract } from './lending.types.js';
import type { CapacityOfferModel, SubcontractModel, ValueflowsCommitmentModel } from './models/lending.models.js';

export const toOfferModel = (o: CapacityOffer): CapacityOfferModel => ({
  id: o.id,
  facilityId: o.facilityId,
  organizationId: o.organizationId,
  federationId: o.federationId,
  process: o.process,
  hours: o.hours,
  remainingHours: remainingHours(o),
  availableFrom: o.availableFrom,
  availableUntil: o.availableUntil,
  note: o.note,
  offeredBy: o.offeredBy,
  offeredAt: o.offeredAt,
  withdrawnAt: o.withdrawnAt,
});

export const toSubcontractModel = (s: Subcontract): SubcontractModel => ({
  id: s.id,
  offerId: s.offerId,
  jobId: s.jobId,
  lenderFacilityId: s.lenderFacilityId,
  lenderOrganizationId: s.lenderOrganizationId,
  borrowerFacilityId: s.borrowerFacilityId,
  borrowerOrganizationId: s.borrowerOrganizationId,
  process: s.process,
  hours: s.hours,
  due: s.due,
  status: s.status,
  committedBy: s.committedBy,
  committedAt: s.committedAt,
  settledAt: s.settledAt,
});

// The subcontract in Valueflows terms, with its agents as DIDs.
export function toCommitment(
  s: Pick<Subcontract, 'id' | 'hours' | 'process' | 'jobId' | 'due' | 'committedAt' | 'status'>,
  dids: { provider: string; receiver: string },
): ValueflowsCommitmentModel {
  return {
    id: subjectOfCommitment(s.id),
    type: 'vf:Commitment',
    action: 'work',
    provider: dids.provider,
    receiver: dids.receiver,
    effortQuantity: { hasNumericalValue: s.hours.toFixed(2), hasUnit: 'hour' },
    resourceClassifiedAs: PROCESSES.find((p) => p.code === s.process)?.wikipedia ?? s.process,
    inScopeOf: subjectOfJob(s.jobId),
    due: s.due,
    created: s.committedAt,
    finished: s.status !== 'COMMITTED',
  };
}
