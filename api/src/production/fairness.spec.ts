import { aCid, expectNoMove, FACILITY, held, jobsSetup, MAKER, VERSION } from '../../../test/support/production-unit.js';

// MAKER, a member of FACILITY's organization, is also the requester in these cases.
const ownRequest = { request: { requesterAccountId: MAKER.accountId } };

describe('the rules of fairness at a claim', () => {
  it('refuses a member claiming, for their organization’s facility, a job they requested', async () => {
    const t = jobsSetup(ownRequest);
    await expect(t.service.claim(MAKER, t.request.id, FACILITY.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'CONFLICT_OF_INTEREST' },
    });
    expect(t.reliability.policyOf).toHaveBeenCalledWith(FACILITY.organizationId);
    expect(t.jobs.claim).not.toHaveBeenCalled();
    expect(t.runs()).toBe(0);
  });

  it('allows it when the organization’s policy says so', async () => {
    const t = jobsSetup({ ...ownRequest, policy: { allowOwnRequests: true } });
    expect((await t.service.claim(MAKER, t.request.id, FACILITY.id)).status).toBe('CLAIMED');
  });

  it('keeps a facility on probation to jobs within its size limit', async () => {
    const big = jobsSetup({ jobs: [{ quantity: 11 }], acceptedJobs: 2 });
    await expect(big.service.claim(MAKER, big.request.id, FACILITY.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'PROBATION_LIMIT', maxQuantity: 10, quantity: 11 },
    });
    expect(big.jobs.claim).not.toHaveBeenCalled();
    const small = jobsSetup({ jobs: [{ quantity: 10 }], acceptedJobs: 2 });
    expect((await small.service.claim(MAKER, small.request.id, FACILITY.id)).status).toBe('CLAIMED');
    const proven = jobsSetup({ jobs: [{ quantity: 500 }], acceptedJobs: 3 });
    expect((await proven.service.claim(MAKER, proven.request.id, FACILITY.id)).status).toBe('CLAIMED');
  });
});

describe('QC evidence', () => {
  it('refuses a file of the design itself, even one uploaded for the job', async () => {
    for (const designFile of [VERSION.cid, VERSION.rootCid]) {
      const t = jobsSetup(held('IN_PRODUCTION'));
      await expect(t.service.advance(MAKER, t.job.id, 'READY', [aCid(0x55), designFile])).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'evidenceCids[1]', reason: 'DESIGN_FILE' },
      });
      expectNoMove(t);
    }
  });

  it('refuses a file not uploaded for this job by its holder since the claim', async () => {
    const t = jobsSetup(held('IN_PRODUCTION'));
    const photo = aCid(0x55);
    t.evidenceUploads.uploadedFor.mockResolvedValue(new Set());
    await expect(t.service.advance(MAKER, t.job.id, 'READY', [photo])).rejects.toMatchObject({
      details: { field: 'evidenceCids[0]', reason: 'NOT_UPLOADED_FOR_JOB' },
    });
    expect(t.evidenceUploads.uploadedFor).toHaveBeenCalledWith(t.job.id, FACILITY.organizationId, t.job.claimedAt, [photo]);
    expectNoMove(t);
  });
});
