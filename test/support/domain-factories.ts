import { randomUUID } from 'node:crypto';
import type { Facility } from '../../api/src/facilities/facilities.types.js';
import type { FacilityMatch } from '../../api/src/matching/matching.types.js';
import type { Requirement } from '../../api/src/matching/requirements.js';
import type { ProductionJob, ProductionRequest } from '../../api/src/production/production.types.js';

// Plain domain objects for unit tests of pure rules and of services over mocked repositories.
// Every field has a sensible default; a test names only what its case is about.

export function aFacility(overrides: Partial<Facility> = {}): Facility {
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    name: 'Test Fab Lab',
    description: null,
    location: { lat: 52.52, lon: 13.405 },
    address: null,
    city: 'Berlin',
    country: 'DE',
    locationPublic: true,
    facilityStatus: 'ACTIVE',
    accessType: 'PUBLIC',
    openingHours: null,
    certifications: [],
    typicalBatchSize: null,
    contactEmail: null,
    capacityHoursPerWeek: 40,
    verificationLevel: 'SELF_ASSERTED',
    sourceId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function aMatch(overrides: Partial<FacilityMatch> = {}): FacilityMatch {
  return { facility: aFacility(), distanceKm: 10, score: 0.8, load: 0, eligible: true, reasons: ['can make every part'], ...overrides };
}

export function aRequirement(overrides: Partial<Requirement> = {}): Requirement {
  return { key: 'p1', label: 'Bracket', process: 'FDM', quantityPerUnit: 1, ...overrides };
}

export function aRequest(overrides: Partial<ProductionRequest> = {}): ProductionRequest {
  return {
    id: randomUUID(),
    requesterAccountId: randomUUID(),
    requesterOrganizationId: null,
    designVersionId: randomUUID(),
    quantity: 1,
    location: { lat: 52.52, lon: 13.405 },
    address: null,
    radiusKm: 50,
    dueDate: new Date(Date.now() + 14 * 86_400_000),
    budget: null,
    split: false,
    note: null,
    cancelledAt: null,
    createdAt: new Date(),
    ...overrides,
  };
}

export function aJob(overrides: Partial<ProductionJob> = {}): ProductionJob {
  return {
    id: randomUUID(),
    requestId: randomUUID(),
    lineKey: 'whole',
    role: 'WHOLE',
    label: 'Test design',
    requirement: null,
    quantity: 1,
    estimatedHours: 1,
    status: 'OPEN',
    proposedFacilityId: null,
    facilityId: null,
    claimedBy: null,
    claimedAt: null,
    claimExpiresAt: null,
    claimSeq: 0,
    evidenceCids: [],
    updatedAt: new Date(),
    ...overrides,
  };
}
