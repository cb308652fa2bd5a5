import type { Dimensions, ToleranceClass } from '../designs/designs.types.js';

export const FACILITY_STATUSES = ['ACTIVE', 'PLANNED', 'TEMPORARILY_CLOSED', 'CLOSED'] as const;
export const ACCESS_TYPES = ['PUBLIC', 'MEMBERSHIP', 'RESTRICTED', 'PRIVATE'] as const;
export const EQUIPMENT_CONDITIONS = ['NEW', 'GOOD', 'WORN', 'NEEDS_REPAIR'] as const;
export const VERIFICATION_LEVELS = ['SELF_ASSERTED', 'PEER_ATTESTED', 'VERIFIED'] as const;
// The equipment values the machine-kind table (machine-kinds/) can infer. A tolerance class is not
// among them: manufacturers state resolution and repeatability, not the ISO 2768 class of a part.
export const INFERABLE_FIELDS = ['materials', 'buildVolumeMm'] as const;
export type InferableField = (typeof INFERABLE_FIELDS)[number];
// The basis of each value that was inferred rather than stated; absent once a co-op confirms it.
export type Inferred = Partial<Record<InferableField, string>>;
export const DUPLICATE_REVIEW_STATUSES = ['OPEN', 'MERGED', 'DISMISSED'] as const;

export interface Equipment {
  id: string;
  process: string; // process-taxonomy code
  make?: string;
  model?: string;
  quantity: number;
  buildVolumeMm?: Dimensions;
  materials: string[]; // lower-case
  toleranceClass?: ToleranceClass;
  condition: (typeof EQUIPMENT_CONDITIONS)[number];
  inferred?: Inferred;
}

export interface Facility {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  location: { lat: number; lon: number } | null;
  address: string | null;
  city: string | null;
  country: string | null;
  locationPublic: boolean;
  facilityStatus: (typeof FACILITY_STATUSES)[number];
  accessType: (typeof ACCESS_TYPES)[number];
  openingHours: string | null;
  certifications: string[];
  typicalBatchSize: string | null;
  contactEmail: string | null;
  capacityHoursPerWeek: number;
  verificationLevel: (typeof VERIFICATION_LEVELS)[number];
  sourceId: string | null;
  createdAt: Date;
}

export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

export interface Attestation {
  facilityId: string;
  attesterOrganizationId: string;
  attesterFacilityId: string;
  attesterAccountId: string;
  statement: string;
  createdAt: Date;
}

export interface VerificationChange {
  facilityId: string;
  from: VerificationLevel;
  to: VerificationLevel;
  reason: string;
  actorAccountId: string | null;
  at: Date;
}
