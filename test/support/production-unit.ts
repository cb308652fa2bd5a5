// ProductionJobsService and ProductionRequestsService over auto-mocked collaborators and the real
// AccessService (their specs share this).
import { aCid, aFacility, aJob, aRequest, aVersion } from './domain-factories.js';
import { fakeUnitOfWork, mock } from './unit.js';
import { AccessService, type MembershipLookup } from '../../api/src/access/access.service.js';
import type { Role } from '../../api/src/access/principal.js';
import type { CalendarService } from '../../api/src/calendar/calendar.service.js';
import type { Viewer } from '../../api/src/common/auth/viewer.js';
import type { AppConfig } from '../../api/src/config/config.js';
import type { DesignsService } from '../../api/src/designs/designs.service.js';
import type { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import type { Facility } from '../../api/src/facilities/facilities.types.js';
import type { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import type { IdempotencyService } from '../../api/src/idempotency/idempotency.service.js';
import type { ContentService } from '../../api/src/ipfs/content.service.js';
import { DEFAULT_MATCHING_POLICY, type MatchingPolicy } from '../../api/src/matching/reliability/matching-policy.js';
import { NO_COUNTS, reliabilityOf } from '../../api/src/matching/reliability/reliability.js';
import type { ReliabilityService } from '../../api/src/matching/reliability/reliability.service.js';
import type { JobEvidenceRepository } from '../../api/src/production/job-evidence.repository.js';
import { JobEvidenceService } from '../../api/src/production/job-evidence.service.js';
import type { MatchingService } from '../../api/src/matching/matching.service.js';
import type { OutboxRepository } from '../../api/src/outbox/outbox.repository.js';
import type { JobOffersRepository } from '../../api/src/production/job-offers.repository.js';
import type { ProductionJobsRepository } from '../../api/src/production/production-jobs.repository.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import type { ProductionRequestsRepository } from '../../api/src/production/production-requests.repository.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import type { ProductionService } from '../../api/src/production/production.service.js';
import type { ProductionJob, ProductionRequest } from '../../api/src/production/production.types.js';

export const REQUESTER: Viewer = { accountId: '0b6f4a3e-2d1c-4b5a-9e8f-7d6c5b4a3f2e' };
export const MAKER: Viewer = { accountId: '5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f' };
export const STRANGER: Viewer = { accountId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' };
export const FACILITY = aFacility();
export const OTHER_FACILITY = aFacility();
export const VERSION = aVersion();
export const CLAIM_WINDOW_SECONDS = 3600;

// MAKER is a member of FACILITY's organization; REQUESTER and STRANGER belong to none.
const MEMBERSHIPS: Record<string, Array<{ organizationId: string; role: Role }>> = {
  [MAKER.accountId]: [{ organizationId: FACILITY.organizationId, role: 'MEMBER' }],
};

const config = {
  production: { claimWindowSeconds: CLAIM_WINDOW_SECONDS, hoursPerPart: 2 },
  matching: { offerLimit: 3 },
} as AppConfig;

function collaborators() {
  const requests = mock<ProductionRequestsRepository>();
  const jobs = mock<ProductionJobsRepository>();
  const offers = mock<JobOffersRepository>();
  const reads = mock<ProductionService>();
  const outbox = mock<OutboxRepository>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockImplementation(async (accountId) => MEMBERSHIPS[accountId] ?? []);
  const { uow, runs } = fakeUnitOfWork();
  return { requests, jobs, offers, reads, outbox, uow, runs, access: new AccessService(lookup) };
}

// One request by REQUESTER with the given jobs (one open WHOLE job offered to FACILITY by default).
export function jobsSetup(
  over: {
    request?: Partial<ProductionRequest>;
    jobs?: Array<Partial<ProductionJob>>;
    policy?: Partial<MatchingPolicy>;
    acceptedJobs?: number;
  } = {},
) {
  const c = collaborators();
  const designs = mock<DesignsService>();
  const facilities = mock<FacilitiesService>();
  const content = mock<ContentService>();
  const request = aRequest({ requesterAccountId: REQUESTER.accountId, designVersionId: VERSION.id, ...over.request });
  const jobs = (over.jobs ?? [{}]).map((j) => aJob({ requestId: request.id, ...j }));
  const byFacility = new Map<string, Facility>([FACILITY, OTHER_FACILITY].map((f) => [f.id, f]));
  c.reads.getRequest.mockResolvedValue(request);
  c.reads.getJob.mockImplementation(async (id) => jobs.find((j) => j.id === id)!);
  c.requests.find.mockResolvedValue(request);
  c.jobs.find.mockImplementation(async (id) => jobs.find((j) => j.id === id) ?? null);
  c.jobs.jobsOfRequests.mockResolvedValue(jobs);
  c.offers.hasOffer.mockImplementation(async (_tx, _job, facilityId) => facilityId === FACILITY.id);
  // The conditional updates succeed as the database would when nothing raced them.
  c.jobs.claim.mockImplementation(async (_tx, a) => ({
    ...jobs.find((j) => j.id === a.jobId)!,
    status: 'CLAIMED',
    facilityId: a.facilityId,
    claimedBy: a.accountId,
    claimExpiresAt: a.expiresAt,
  }));
  c.jobs.transition.mockImplementation(async (_tx, jobId, _from, to, patch = {}) => {
    const job = jobs.find((j) => j.id === jobId)!;
    return { ...job, status: to, evidenceCids: patch.evidenceCids ?? job.evidenceCids, ...(patch.release ? { facilityId: null } : {}) };
  });
  designs.versionById.mockResolvedValue(VERSION);
  facilities.get.mockImplementation(async (id) => byFacility.get(id)!);
  facilities.byIds.mockImplementation(async (ids) => ids.flatMap((id) => byFacility.get(id) ?? []));
  content.requireStored.mockImplementation(async (cids) => [...cids]);
  // Facilities here keep no calendar: a claim books nothing, a release frees nothing.
  const calendar = mock<CalendarService>();
  calendar.book.mockResolvedValue(null);
  calendar.release.mockResolvedValue(0);
  // Every stored CID counts as uploaded for the job since its claim, unless a test says otherwise.
  const evidenceUploads = mock<JobEvidenceRepository>();
  evidenceUploads.uploadedFor.mockImplementation(async (_job, _org, _since, cids) => new Set(cids));
  const evidence = new JobEvidenceService(evidenceUploads, c.reads, c.requests, facilities, content, c.access);
  // FACILITY's organization follows the default policy and the facility is past its probation.
  const reliability = mock<ReliabilityService>();
  reliability.policyOf.mockResolvedValue({ ...DEFAULT_MATCHING_POLICY, ...over.policy });
  reliability.reliabilityOf.mockImplementation(async (ids, policy) =>
    ids.map(() => reliabilityOf({ ...NO_COUNTS, acceptedJobs: over.acceptedJobs ?? 10 }, policy)),
  );
  const service = new ProductionJobsService(
    c.requests,
    c.jobs,
    c.offers,
    c.reads,
    designs,
    facilities,
    evidence,
    reliability,
    c.outbox,
    c.uow,
    config,
    c.access,
    calendar,
  );
  // `jobs` is the repository; the request's jobs are `lines` (`job` the first).
  return { ...c, service, designs, facilities, content, evidenceUploads, reliability, calendar, request, lines: jobs, job: jobs[0]! };
}

// A job held by FACILITY in the given status.
export const held = (status: ProductionJob['status'], over: Partial<ProductionJob> = {}) => ({
  jobs: [{ status, facilityId: FACILITY.id, claimedBy: MAKER.accountId, claimedAt: new Date(Date.now() - 3600_000), claimSeq: 1, ...over }],
});

export type JobsSetup = ReturnType<typeof jobsSetup>;
export function expectNoMove(t: JobsSetup) {
  expect(t.runs()).toBe(0);
  expect(t.jobs.claim).not.toHaveBeenCalled();
  expect(t.jobs.transition).not.toHaveBeenCalled();
  expect(t.jobs.appendHistory).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}

// The transitions recorded, as from → to.
export const recorded = (t: JobsSetup) => t.jobs.appendHistory.mock.calls.map(([, h]) => `${h.from} → ${h.to}`);

export function requestsSetup() {
  const c = collaborators();
  const matching = mock<MatchingService>();
  const organizations = mock<OrganizationsService>();
  const idempotency = mock<IdempotencyService>();
  idempotency.replay.mockResolvedValue(null);
  // Without a key the real service runs the work in one unit of work; so does this one.
  idempotency.transaction.mockImplementation((_request, work) => c.uow.run(async (tx) => (await work(tx)).result) as never);
  matching.parse.mockImplementation(async (input) => ({
    version: VERSION,
    requirements: [],
    location: input.location,
    radiusKm: input.radiusKm,
    quantity: input.quantity,
    dueDate: input.dueDate ?? null,
    requireFreeHours: false,
    first: 3,
    explain: false,
  }));
  matching.matchParsed.mockResolvedValue({
    requirements: [],
    estimatedHours: 2,
    matches: [
      { facility: FACILITY, distanceKm: 4, score: 0.9, load: 0, eligible: true, reasons: ['can make every part'], reliability: null },
    ],
    excluded: [],
  });
  const service = new ProductionRequestsService(
    c.requests,
    c.jobs,
    c.offers,
    c.reads,
    matching,
    organizations,
    c.outbox,
    config,
    idempotency,
    c.access,
  );
  return { ...c, service, matching, organizations, idempotency };
}

export const requestInput = () => ({
  designVersionCid: VERSION.cid,
  location: { lat: 52.5, lon: 13.4 },
  radiusKm: 50,
  quantity: 2,
  dueDate: new Date(Date.now() + 7 * 86_400_000),
});

export { aCid };
