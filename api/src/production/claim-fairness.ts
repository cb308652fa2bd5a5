import type { Viewer } from '../common/auth/viewer.js';
import { ForbiddenError } from '../common/errors/domain-error.js';
import type { Facility } from '../facilities/facilities.types.js';
import type { ReliabilityService } from '../matching/reliability/reliability.service.js';
import type { ProductionJob, ProductionRequest } from './production.types.js';

// The rules of fairness at a claim, under the matching policy of the facility's organization:
// no one claims, for their own organization's facility, a job they requested themselves (they
// would then accept their own work alone), unless the members voted to allow it; and a facility
// on probation takes no job above its size limit.
export async function checkClaimFairness(
  reliability: ReliabilityService,
  viewer: Viewer,
  request: ProductionRequest,
  job: ProductionJob,
  facility: Facility,
): Promise<void> {
  const policy = await reliability.policyOf(facility.organizationId);
  if (request.requesterAccountId === viewer.accountId && !policy.allowOwnRequests)
    throw new ForbiddenError(
      'You requested this job: claiming it for a facility of your own organization is a conflict of interest. Another member may claim it, or your organization may vote to allow it (allowOwnRequests in its matching policy).',
      { reason: 'CONFLICT_OF_INTEREST' },
    );
  const [record] = await reliability.reliabilityOf([facility.id], policy);
  const probation = record!.probation;
  if (probation.active && job.quantity > probation.maxQuantity)
    throw new ForbiddenError(
      `${facility.name} is on probation: until ${probation.jobs} of its jobs are accepted (${probation.acceptedJobs} so far) it claims jobs of at most ${probation.maxQuantity} units; this one is ${job.quantity}.`,
      { reason: 'PROBATION_LIMIT', maxQuantity: probation.maxQuantity, quantity: job.quantity },
    );
}
