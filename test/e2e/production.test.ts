import { testConfig } from '../support/config.js';
import { ADVANCE, CLAIM, REQUEST, scenario, signUp, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

describe('production over GraphQL', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform.close());

  it('matches with reasons, lets one facility claim, runs the lifecycle and answers typed errors', async () => {
    const { home, a, b, requester, cid } = await scenario(platform);
    const matched = await platform.gql(
      'query($input: MatchFacilitiesInput!) { matchFacilities(input: $input) { edges { node { facility { id name } distanceKm score reasons eligible } } } }',
      { input: { designVersionCid: cid, location: home, radiusKm: 30, quantity: 4, explain: true } },
    );
    const nodes = matched.data!.matchFacilities.edges.map((e: { node: unknown }) => e.node);
    const names = nodes.filter((m: { eligible: boolean }) => m.eligible).map((m: { facility: { name: string } }) => m.facility.name);
    expect(names).toEqual(['Near Lab', 'Far Lab']);
    expect(nodes[0].reasons).toContain('no work in progress: full capacity free');

    const input = {
      designVersionCid: cid,
      quantity: 4,
      location: { ...home, address: 'Pier 9' },
      radiusKm: 30,
      dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      budget: { amountMinor: '48000', currency: 'EUR' },
    };
    const REQUEST_ONCE =
      'mutation($input: RequestProductionInput!, $key: String) { requestProduction(input: $input, idempotencyKey: $key) { id } }';
    const key = `request-${Date.now()}`;
    const created = await platform.gql(
      REQUEST.replace('requestProduction(input: $input)', 'requestProduction(input: $input, idempotencyKey: $key)').replace(
        '($input: RequestProductionInput!)',
        '($input: RequestProductionInput!, $key: String)',
      ),
      { input, key },
      requester,
    );
    const request = created.data!.requestProduction;
    // A retry after a lost reply: the same request, nothing new; the key with other input is refused.
    expect((await platform.gql(REQUEST_ONCE, { input, key }, requester)).data!.requestProduction.id).toBe(request.id);
    expect((await platform.gql(REQUEST_ONCE, { input: { ...input, quantity: 5 }, key }, requester)).errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(request).toMatchObject({ status: 'OPEN', split: false, budget: { amountMinor: '48000', currency: 'EUR' } });
    expect(request.matches.map((m: { facility: { name: string } }) => m.facility.name)).toEqual(['Near Lab', 'Far Lab']);
    expect(request.matches[0].reasons[0]).toMatch(/^can make every part/);

    const won = await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, a.token);
    expect(won.data!.claimProductionRequest).toMatchObject({ status: 'CLAIMED', facility: { name: 'Near Lab' } });
    const lost = await platform.gql(CLAIM, { r: request.id, f: b.facilityId }, b.token);
    expect(lost.errors![0]!.extensions!.code).toBe('CONFLICT');
    const stranger = await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, b.token);
    expect(stranger.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const jobId = won.data!.claimProductionRequest.id;
    // The claimed work counts as the facility's load: 4 units × 1 panel × 1 h over 40 h/week.
    const loaded = await platform.gql('query($id: ID!) { facility(id: $id) { committedHours load } }', { id: a.facilityId });
    expect(loaded.data!.facility).toEqual({ committedHours: 4, load: 0.1 });
    expect((await platform.gql(ADVANCE, { j: jobId, to: 'DELIVERED' }, a.token)).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'to',
      reason: 'ILLEGAL_TRANSITION',
    });
    await platform.gql(ADVANCE, { j: jobId, to: 'IN_PRODUCTION' }, a.token);
    const qc = await upload(platform, a.token, { 'qc/photo-1.jpg': 'jpeg bytes', 'qc/report.md': 'flatness ok' }, jobId);
    const ready = await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: qc.files.map((f) => f.cid) }, a.token);
    expect(ready.data!.advanceJob.evidenceCids).toHaveLength(2);
    await platform.gql(ADVANCE, { j: jobId, to: 'DELIVERED' }, a.token);
    expect(
      (await platform.gql('mutation($j: ID!) { acceptDelivery(jobId: $j) { status } }', { j: jobId }, a.token)).errors![0]!.extensions!
        .code,
    ).toBe('FORBIDDEN');
    const accepted = await platform.gql('mutation($j: ID!) { acceptDelivery(jobId: $j) { status } }', { j: jobId }, requester);
    expect(accepted.data!.acceptDelivery.status).toBe('ACCEPTED');

    const view = await platform.gql(
      'query($id: ID!) { productionRequest(id: $id) { status designVersion { cid } jobs { status facility { name } history { from to evidenceCids } } } }',
      { id: request.id },
      requester,
    );
    const job = view.data!.productionRequest.jobs[0];
    expect(view.data!.productionRequest).toMatchObject({ status: 'ACCEPTED', designVersion: { cid } });
    expect(job.history.map((h: { to: string }) => h.to)).toEqual(['CLAIMED', 'IN_PRODUCTION', 'READY', 'DELIVERED', 'ACCEPTED']);
    const outsider = await signUp(platform, 'outsider');
    expect(
      (await platform.gql('query($id: ID!) { productionRequest(id: $id) { id } }', { id: request.id }, outsider)).errors![0]!.extensions!
        .code,
    ).toBe('FORBIDDEN');

    const bad = await platform.gql(REQUEST, { input: { ...input, quantity: 0 } }, requester);
    expect(bad.status).toBe(200);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    const past = await platform.gql(REQUEST, { input: { ...input, dueDate: '2020-01-01T00:00:00Z' } }, requester);
    expect(past.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueDate' });
  });

  it('tells each party to a job the moves open to them, and onlookers none', async () => {
    const { home, a, b, requester, cid } = await scenario(platform);
    const created = await platform.gql(
      REQUEST,
      {
        input: {
          designVersionCid: cid,
          quantity: 1,
          location: home,
          radiusKm: 30,
          dueDate: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      requester,
    );
    const request = created.data!.requestProduction;
    const NEXT = 'query($id: ID!) { productionJob(id: $id) { status nextActions { to evidenceRequired } } }';
    const next = async (token: string) =>
      (await platform.gql(NEXT, { id: request.jobs[0].id }, token)).data!.productionJob.nextActions.map(
        (x: { to: string; evidenceRequired: boolean }) => `${x.to}${x.evidenceRequired ? '+evidence' : ''}`,
      );
    // Open: the requester may cancel; claiming is its own mutation, so offered facilities have no move.
    expect(await next(requester)).toEqual(['CANCELLED']);
    expect(await next(a.token)).toEqual([]);
    const jobId = (await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, a.token)).data!.claimProductionRequest.id;
    expect(await next(a.token)).toEqual(['OPEN', 'IN_PRODUCTION']);
    expect(await next(requester)).toEqual(['CANCELLED']);
    expect(await next(b.token)).toEqual([]); // offered too, but not the holder
    const started = await platform.gql(
      'mutation($j: ID!, $to: JobStatus!) { advanceJob(jobId: $j, to: $to) { nextActions { to evidenceRequired } } }',
      { j: jobId, to: 'IN_PRODUCTION' },
      a.token,
    );
    expect(started.data!.advanceJob.nextActions).toEqual([{ to: 'READY', evidenceRequired: true }]);
    const stranger = await signUp(platform, 'stranger');
    expect((await platform.gql(NEXT, { id: jobId }, stranger)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('shows a facility its job board', async () => {
    const { home, a, requester, cid } = await scenario(platform);
    const created = await platform.gql(
      REQUEST,
      {
        input: {
          designVersionCid: cid,
          quantity: 1,
          location: home,
          radiusKm: 30,
          dueDate: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      requester,
    );
    const board = await platform.gql(
      'query($f: ID!) { jobBoard(facilityId: $f) { open { job { id request { id } } offer { rank reasons facility { name } } } held { id } } }',
      { f: a.facilityId },
      a.token,
    );
    expect(board.data!.jobBoard.open).toEqual([
      {
        job: { id: created.data!.requestProduction.jobs[0].id, request: { id: created.data!.requestProduction.id } },
        offer: { rank: 1, reasons: expect.any(Array), facility: { name: 'Near Lab' } },
      },
    ]);
    expect(
      (await platform.gql('query($f: ID!) { jobBoard(facilityId: $f) { held { id } } }', { f: a.facilityId }, requester)).errors![0]!
        .extensions!.code,
    ).toBe('FORBIDDEN');
  });
});

describe('claim expiry through the worker', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ worker: true, config: testConfig({ PRODUCTION_CLAIM_WINDOW_SECONDS: '1' }) });
  });
  afterAll(() => platform.close());

  it('reopens a claim that was not started in time, through a delayed BullMQ job', async () => {
    const { home, a, b, requester, cid } = await scenario(platform);
    const created = await platform.gql(
      REQUEST,
      {
        input: {
          designVersionCid: cid,
          quantity: 1,
          location: home,
          radiusKm: 30,
          dueDate: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      requester,
    );
    const requestId = created.data!.requestProduction.id;
    const claimed = await platform.gql(CLAIM, { r: requestId, f: a.facilityId }, a.token);
    const jobId = claimed.data!.claimProductionRequest.id;
    let status = 'CLAIMED';
    for (let i = 0; i < 100 && status === 'CLAIMED'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await platform.gql('query($id: ID!) { productionJob(id: $id) { status } }', { id: jobId }, requester)).data!.productionJob
        .status;
    }
    expect(status).toBe('OPEN');
    const history = await platform.gql(
      'query($id: ID!) { productionJob(id: $id) { history { from to actorId note } } }',
      { id: jobId },
      requester,
    );
    expect(history.data!.productionJob.history[1]).toEqual({
      from: 'CLAIMED',
      to: 'OPEN',
      actorId: null,
      note: 'claim expired before production started',
    });
    // The request is open again: another offered facility can claim it.
    expect((await platform.gql(CLAIM, { r: requestId, f: b.facilityId }, b.token)).data!.claimProductionRequest.status).toBe('CLAIMED');
  });
});
