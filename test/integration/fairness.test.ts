import type { INestApplicationContext } from '@nestjs/common';
import { ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { MatchingService } from '../../api/src/matching/matching.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newEvidence, newUpload } from '../support/factories.js';
import { DESIGN_FILE, fairnessWorld } from '../support/fairness-world.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let w: ReturnType<typeof fairnessWorld>;
beforeAll(async () => {
  app = await createDomainContext(testConfig({ GOVERNANCE_MIN_VOTING_SECONDS: '60' }));
  w = fairnessWorld(app);
});
afterAll(() => app.close());

const PRODUCTION = ['production_requests', 'production_jobs', 'production_offers', 'production_job_history', 'outbox_events'];

describe('conflict of interest', () => {
  it('refuses a member claiming, for their co-op’s facility, a job they requested, until the members vote to allow it', async () => {
    const { shop, input } = await w.world();
    const request = await w.requests.request(shop.admin.viewer, { ...input(), organizationId: shop.org.id });
    const claim = () => w.jobs.claim(shop.admin.viewer, request.id, shop.facility.id);
    await expectNothingWritten(w.db, PRODUCTION, claim, ForbiddenError);
    await expect(claim()).rejects.toMatchObject({ details: { reason: 'CONFLICT_OF_INTEREST' } });

    // Another member of the co-op may claim it.
    const colleague = await newAccount(app);
    await app.get(OrganizationsService).addMember(shop.admin.viewer, shop.org.id, colleague.email, 'MEMBER');
    const byColleague = await w.jobs.claim(colleague.viewer, request.id, shop.facility.id);
    expect(byColleague.claimedBy).toBe(colleague.id);
    await w.jobs.advance(colleague.viewer, byColleague.id, 'OPEN');

    expect(await w.voted(shop.admin, shop.org.id, { allowOwnRequests: true })).toMatchObject({
      status: 'EXECUTED',
      execution: { matchingPolicy: expect.objectContaining({ allowOwnRequests: true }) },
    });
    const own = await claim();
    expect(own).toMatchObject({ status: 'CLAIMED', claimedBy: shop.admin.id });
  });
});

describe('QC evidence', () => {
  it('counts only files uploaded for the job by its holder since the claim, and none of the design’s own', async () => {
    const { shop, requester, version, input } = await w.world();
    const { job } = await w.inProduction(shop, requester, input());
    const ready = (cids: string[]) => w.jobs.advance(shop.admin.viewer, job.id, 'READY', cids);
    const refusal = async (cids: string[], field: string, reason: string) => {
      await expectNothingWritten(w.db, PRODUCTION, () => ready(cids), InvalidInputError, field);
      await expect(ready(cids)).rejects.toMatchObject({ details: { field, reason } });
    };

    // The design's own file, even uploaded again for the job, and the design's manifest.
    const again = await newEvidence(app, shop.admin.viewer, job.id, DESIGN_FILE);
    expect(version.manifest.files.map((f) => f.cid)).toContain(again.files[0]!.cid);
    await refusal([again.files[0]!.cid], 'evidenceCids[0]', 'DESIGN_FILE');
    await refusal([version.cid], 'evidenceCids[0]', 'DESIGN_FILE');

    // A file in the store but not uploaded for this job.
    const elsewhere = await newUpload(app, { 'qc.txt': 'a photo of some other job' });
    const photo = await newEvidence(app, shop.admin.viewer, job.id, { 'qc/photo.txt': 'panel square to 0.2 mm' });
    await refusal([photo.files[0]!.cid, elsewhere.files[0]!.cid], 'evidenceCids[1]', 'NOT_UPLOADED_FOR_JOB');

    // Only the facility holding the job uploads for it, and nothing is stored for anyone else.
    const stranger = await w.makerspace(input().location);
    const stored = () => w.db.query('SELECT count(*)::int AS n FROM job_evidence_uploads WHERE job_id = $1', [job.id]);
    const before = await stored();
    await expect(newEvidence(app, stranger.admin.viewer, job.id, { 'qc.txt': 'not mine' })).rejects.toMatchObject({
      details: { reason: 'NOT_THE_HOLDER' },
    });
    await expect(newEvidence(app, requester.viewer, job.id, { 'qc.txt': 'not mine' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await stored()).toEqual(before);

    const good = await ready([photo.files[0]!.cid]);
    expect(good).toMatchObject({ status: 'READY', evidenceCids: [photo.files[0]!.cid] });
  });

  it('refuses evidence uploaded before the facility’s current claim', async () => {
    const { shop, requester, input } = await w.world();
    const request = await w.requests.request(requester.viewer, input());
    const first = await w.jobs.claim(shop.admin.viewer, request.id, shop.facility.id);
    const early = await newEvidence(app, shop.admin.viewer, first.id, { 'qc.txt': 'measured under the first claim' });
    await w.jobs.advance(shop.admin.viewer, first.id, 'OPEN'); // released
    const again = await w.jobs.claim(shop.admin.viewer, request.id, shop.facility.id);
    await w.jobs.advance(shop.admin.viewer, again.id, 'IN_PRODUCTION');
    await expect(w.jobs.advance(shop.admin.viewer, again.id, 'READY', [early.files[0]!.cid])).rejects.toMatchObject({
      details: { field: 'evidenceCids[0]', reason: 'NOT_UPLOADED_FOR_JOB' },
    });
    const fresh = await newEvidence(app, shop.admin.viewer, again.id, { 'qc.txt': 'measured under the first claim' });
    expect(fresh.files[0]!.cid).toBe(early.files[0]!.cid); // the same file, uploaded again under this claim
    expect((await w.jobs.advance(shop.admin.viewer, again.id, 'READY', [fresh.files[0]!.cid])).status).toBe('READY');
  });
});

describe('probation', () => {
  it('keeps a new facility to small jobs until enough of its jobs are accepted, as its members set it', async () => {
    const { shop, requester, input } = await w.world();
    const matching = app.get(MatchingService);
    // 11 units is over the default limit of 10: the new facility is not offered the job, and is told why.
    await expect(w.requests.request(requester.viewer, input(11))).rejects.toMatchObject({ details: { reason: 'NO_CAPABLE_FACILITY' } });
    const explained = await matching.match({ ...input(11), explain: true, first: 5 });
    expect(explained.matches).toEqual([]);
    expect(explained.excluded.find((m) => m.facility.id === shop.facility.id)!.reasons.join(' ')).toContain('on probation');

    // A job offered before the members lowered the limit cannot be claimed over it.
    const request = await w.requests.request(requester.viewer, input(8));
    expect(await w.voted(shop.admin, shop.org.id, { probationMaxQuantity: 5 })).toMatchObject({ status: 'EXECUTED' });
    const claim = () => w.jobs.claim(shop.admin.viewer, request.id, shop.facility.id);
    await expectNothingWritten(w.db, PRODUCTION, claim, ForbiddenError);
    await expect(claim()).rejects.toMatchObject({ details: { reason: 'PROBATION_LIMIT', maxQuantity: 5, quantity: 8 } });

    // Without probation, the facility takes any size.
    await w.voted(shop.admin, shop.org.id, { probationJobs: 0 });
    expect((await claim()).status).toBe('CLAIMED');
    const [match] = (await matching.match({ ...input(500), first: 5 })).matches;
    expect(match).toMatchObject({ facility: { id: shop.facility.id }, reliability: { probation: { active: false, jobs: 0 } } });
  });
});
