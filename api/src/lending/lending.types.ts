// Machine-hours one co-op lends another inside a federation.

export const SUBCONTRACT_STATUSES = ['COMMITTED', 'FULFILLED', 'CANCELLED'] as const;
export type SubcontractStatus = (typeof SUBCONTRACT_STATUSES)[number];

// Hours of one process at a lending facility, open to the member co-ops of a federation.
export interface CapacityOffer {
  id: string;
  facilityId: string;
  organizationId: string; // the lending facility's organization
  federationId: string;
  process: string;
  hours: number; // offered in all
  committedHours: number; // held or used by subcontracts not cancelled
  availableFrom: Date;
  availableUntil: Date;
  note: string | null;
  offeredBy: string;
  offeredAt: Date;
  withdrawnAt: Date | null;
}

// Some of an offer's hours booked for a job the borrowing co-op holds: a Valueflows commitment of
// the lender's work to the borrower, in scope of the job, due by `due`.
export interface Subcontract {
  id: string;
  offerId: string;
  jobId: string;
  claimSeq: number;
  lenderFacilityId: string;
  lenderOrganizationId: string;
  offeredBy: string; // the lending co-op's member who offered the hours
  borrowerFacilityId: string;
  borrowerOrganizationId: string;
  process: string;
  hours: number;
  due: Date;
  status: SubcontractStatus;
  committedBy: string;
  committedAt: Date;
  settledAt: Date | null;
}

export const remainingHours = (o: Pick<CapacityOffer, 'hours' | 'committedHours'>) =>
  Math.max(0, Math.round((o.hours - o.committedHours) * 100) / 100);
