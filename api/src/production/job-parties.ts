import type { Work } from '../calendar/calendar.service.js';
import type { DesignVersion } from '../designs/designs.types.js';
import type { Facility } from '../facilities/facilities.types.js';
import { requirementsOfManifest } from '../matching/requirements.js';
import type { ProductionJob, ProductionRequest } from './production.types.js';

// A job as the access rules see it: who holds it and who asked for it.
export function jobParty(request: ProductionRequest, facility: Facility | null) {
  return {
    facilityOrganizationId: facility?.organizationId ?? null,
    requesterAccountId: request.requesterAccountId,
    requesterOrganizationId: request.requesterOrganizationId,
  };
}

// What a job asks of the claiming facility's machines: its line's part, the design's parts for a
// whole job, or bench hours for assembly.
export function workOf(job: ProductionJob, version: DesignVersion, hoursPerPart: number): Work {
  if (job.role === 'ASSEMBLY') return { requirements: [], quantity: job.quantity, hoursPerPart, benchHours: job.estimatedHours };
  const requirements = job.requirement ? [job.requirement] : requirementsOfManifest(version.manifest);
  return { requirements, quantity: job.quantity, hoursPerPart, benchHours: job.estimatedHours };
}
