import { ADVANCE, CLAIM, scenario, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

const REQUEST = `mutation($input: RequestProductionInput!) {
  requestProduction(input: $input) {
    id
    matches { facility { id } reliability { sample onTime { count sample status } probation { active maxQuantity } } }
    jobs { id offers { conflictOfInterest facility { id } } }
  }
}`;

describe('fairness and reliability over HTTP', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform.close());

  it('shows the conflict on offers, refuses the claim with a typed error, and takes QC evidence only from the job’s holder', async () => {
    const { home, a, b, requester, cid } = await scenario(platform);
    const input = {
      designVersionCid: cid,
      quantity: 3,
      location: home,
      radiusKm: 30,
      dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    };
    // Near Lab's admin asks for production: the offer to Near Lab is flagged, the one to Far Lab is not.
    const own = (await platform.gql(REQUEST, { input }, a.token)).data!.requestProduction;
    const flags = Object.fromEntries(
      own.jobs[0].offers.map((o: { facility: { id: string }; conflictOfInterest: boolean }) => [o.facility.id, o.conflictOfInterest]),
    );
    expect(flags).toEqual({ [a.facilityId]: true, [b.facilityId]: false });
    const refused = await platform.gql(CLAIM, { r: own.id, f: a.facilityId }, a.token);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CONFLICT_OF_INTEREST' });

    // New labs: no record yet, on probation, shown with the match and on the profile.
    const other = (await platform.gql(REQUEST, { input }, requester)).data!.requestProduction;
    expect(other.matches[0]).toMatchObject({
      reliability: { sample: 0, onTime: { count: 0, sample: 0, status: 'NO_RECORD' }, probation: { active: true, maxQuantity: 10 } },
    });
    const profile = await platform.gql('query($id: ID!) { facility(id: $id) { reliability { sample disputes windowDays score } } }', {
      id: a.facilityId,
    });
    expect(profile.data!.facility.reliability).toEqual({ sample: 0, disputes: 0, windowDays: 365, score: 0.5 });

    const jobId = (await platform.gql(CLAIM, { r: other.id, f: a.facilityId }, a.token)).data!.claimProductionRequest.id;
    await platform.gql(ADVANCE, { j: jobId, to: 'IN_PRODUCTION' }, a.token);
    const JOB = 'query($id: ID!) { productionJob(id: $id) { conflictOfInterest } }';
    expect((await platform.gql(JOB, { id: jobId }, requester)).data!.productionJob.conflictOfInterest).toBe(false);

    // Far Lab cannot upload for Near Lab's job; a file uploaded without the job does not count.
    const res = await fetch(`${platform.baseUrl}/api/uploads?jobId=${jobId}`, {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        f.append('file', new Blob(['not my job']), 'qc.md');
        return f;
      })(),
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(res.status).toBe(403);
    const loose = await upload(platform, a.token, { 'qc.md': 'flat and square' });
    const notForJob = await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: [loose.files[0]!.cid] }, a.token);
    expect(notForJob.errors![0]!.extensions).toMatchObject({ field: 'evidenceCids[0]', reason: 'NOT_UPLOADED_FOR_JOB' });
    const qc = await upload(platform, a.token, { 'qc.md': 'flat and square' }, jobId);
    const ready = await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: [qc.files[0]!.cid] }, a.token);
    expect(ready.data!.advanceJob).toMatchObject({ status: 'READY', evidenceCids: [qc.files[0]!.cid] });
  });
});
