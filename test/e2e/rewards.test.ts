import { ADVANCE, CLAIM, REQUEST, scenario, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';
import { until } from '../support/wait.js';

const SETTLEMENT = `query($j: ID!) { settlement(jobId: $j) { id status policyVersion total { amountMinor currency } payouts { agent { id did kind } fund account amountMinor bucket records lineagePath } } }`;

describe('payments shared out by the worker', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
  });
  afterAll(() => platform.close());

  it('records a payment on an accepted job, distributes it once by the co-op’s policy and explains every amount', async () => {
    const { home, a, requester, cid } = await scenario(platform);
    const input = { designVersionCid: cid, quantity: 2, location: home, radiusKm: 30, dueDate: new Date(Date.now() + 86_400_000).toISOString(), budget: { amountMinor: '30000', currency: 'EUR' } };
    const request = (await platform.gql(REQUEST, { input }, requester)).data!.requestProduction;
    const jobId = (await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, a.token)).data!.claimProductionRequest.id;
    const pay = (amount: object, token = requester) => platform.gql('mutation($j: ID!, $a: MoneyInput!) { recordPayment(jobId: $j, amount: $a) { id status policyVersion total { amountMinor currency } } }', { j: jobId, a: amount }, token);

    expect((await pay({ amountMinor: '30000', currency: 'EUR' })).errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ACCEPTED' });
    await platform.gql(ADVANCE, { j: jobId, to: 'IN_PRODUCTION' }, a.token);
    const qc = await upload(platform, a.token, { 'qc.md': 'all good' });
    await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: qc.files.map((f) => f.cid) }, a.token);
    await platform.gql(ADVANCE, { j: jobId, to: 'DELIVERED' }, a.token);
    await platform.gql('mutation($j: ID!) { acceptDelivery(jobId: $j) { status } }', { j: jobId }, requester);

    expect((await pay({ amountMinor: '0', currency: 'EUR' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount.amountMinor' });
    expect((await pay({ amountMinor: '30000', currency: 'GBP' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount.currency', reason: 'CURRENCY_MISMATCH' });
    expect((await pay({ amountMinor: '30000', currency: 'EUR' }, a.token)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const recorded = await pay({ amountMinor: '30000', currency: 'EUR' });
    expect(recorded.data!.recordPayment).toMatchObject({ status: 'PENDING', policyVersion: 0, total: { amountMinor: '30000', currency: 'EUR' } });

    const settlement = await until('the distribution', async () => {
      const s = (await platform.gql(SETTLEMENT, { j: jobId }, requester)).data!.settlement;
      return s.status === 'DISTRIBUTED' ? s : null;
    });
    const total = settlement.payouts.reduce((sum: bigint, p: { amountMinor: string }) => sum + BigInt(p.amountMinor), 0n);
    expect(total).toBe(30000n);
    const coop = settlement.payouts.find((p: { agent: { kind: string } | null }) => p.agent?.kind === 'ORGANIZATION');
    expect(coop).toMatchObject({ bucket: 'fabrication', amountMinor: '18000' });
    expect(settlement.payouts.filter((p: { fund: string | null }) => p.fund).map((p: { fund: string }) => p.fund).sort()).toEqual(['COMMONS', 'SOLIDARITY', 'SOLIDARITY']); // the solidarity bucket, and the validators' share nobody earned

    // The designer is a person: the payer sees their line without their name, their co-op sees it named.
    const lineage = settlement.payouts.filter((p: { bucket: string }) => p.bucket === 'lineage');
    expect(lineage.map((p: { agent: unknown; account: unknown }) => [p.agent, p.account])).toEqual([[null, null]]);
    const asCoop = (await platform.gql(SETTLEMENT, { j: jobId }, a.token)).data!.settlement;
    expect(asCoop.payouts.find((p: { bucket: string }) => p.bucket === 'lineage').agent).toMatchObject({ kind: 'ACCOUNT' });

    const job = await platform.gql('query($j: ID!) { productionJob(id: $j) { status } }', { j: jobId }, requester);
    expect(job.data!.productionJob.status).toBe('SETTLED');
    expect((await pay({ amountMinor: '30000', currency: 'EUR' })).errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });

    const explained = await platform.gql('query($s: ID!, $d: String!) { payoutExplanation(settlementId: $s, agentDid: $d) { total { amountMinor } lines { bucket rule records } } }', { s: settlement.id, d: coop.agent.did }, a.token);
    expect(explained.data!.payoutExplanation).toMatchObject({ total: { amountMinor: '18000' }, lines: [{ bucket: 'fabrication', rule: expect.stringContaining('by effort') }] });

    // Funds are public books.
    const fundAccount = settlement.payouts.find((p: { fund: string | null }) => p.fund === 'SOLIDARITY').account;
    const ledger = await platform.gql('query($a: ID!) { ledger(accountId: $a) { edges { node { amountMinor currency kind } } } }', { a: fundAccount });
    expect(ledger.data!.ledger.edges[0].node).toMatchObject({ currency: 'EUR', kind: 'SETTLEMENT' });
    const policy = await platform.gql('query($o: ID!) { rewardPolicy(organizationId: $o) { version isDefault spec } }', { o: coop.agent.id });
    expect(policy.data!.rewardPolicy).toMatchObject({ version: 0, isDefault: true });
    expect(JSON.parse(policy.data!.rewardPolicy.spec).buckets.map((b: { key: string }) => b.key)).toEqual(['fabrication', 'lineage', 'validators', 'solidarity', 'commons']);
  });
});
