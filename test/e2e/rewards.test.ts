import { ADVANCE, CLAIM, REQUEST, scenario, signUp, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';
import { until } from '../support/wait.js';

const SETTLEMENT = `query($j: ID!) { settlement(jobId: $j) { id status policyVersion total { amountMinor currency } payouts { agent { id did kind } fund account amountMinor bucket records lineagePath } } }`;

const byBucketOf = (payouts: Array<{ bucket: string; amountMinor: string }>) => {
  const sums = new Map<string, bigint>();
  for (const p of payouts) sums.set(p.bucket, (sums.get(p.bucket) ?? 0n) + BigInt(p.amountMinor));
  return sums;
};

describe('payments shared out by the worker', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
  });
  afterAll(() => platform.close());

  it('records a payment on an accepted job, distributes it once by the co-op’s policy and explains every amount', async () => {
    const { home, a, requester, designer, cid } = await scenario(platform);
    const input = {
      designVersionCid: cid,
      quantity: 2,
      location: home,
      radiusKm: 30,
      dueDate: new Date(Date.now() + 86_400_000).toISOString(),
      budget: { amountMinor: '30000', currency: 'EUR' },
    };
    const request = (await platform.gql(REQUEST, { input }, requester)).data!.requestProduction;
    const jobId = (await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, a.token)).data!.claimProductionRequest.id;
    const pay = (amount: object, token = requester) =>
      platform.gql(
        'mutation($j: ID!, $a: MoneyInput!) { recordPayment(jobId: $j, amount: $a) { id status policyVersion total { amountMinor currency } } }',
        { j: jobId, a: amount },
        token,
      );

    expect((await pay({ amountMinor: '30000', currency: 'EUR' })).errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_ACCEPTED',
    });
    await platform.gql(ADVANCE, { j: jobId, to: 'IN_PRODUCTION' }, a.token);
    const qc = await upload(platform, a.token, { 'qc.md': 'all good' }, jobId);
    await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: qc.files.map((f) => f.cid) }, a.token);
    await platform.gql(ADVANCE, { j: jobId, to: 'DELIVERED' }, a.token);
    await platform.gql('mutation($j: ID!) { acceptDelivery(jobId: $j) { status } }', { j: jobId }, requester);

    expect((await pay({ amountMinor: '0', currency: 'EUR' })).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount.amountMinor',
    });
    expect((await pay({ amountMinor: '30000', currency: 'GBP' })).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount.currency',
      reason: 'CURRENCY_MISMATCH',
    });
    expect((await pay({ amountMinor: '30000', currency: 'EUR' }, a.token)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const recorded = await pay({ amountMinor: '30000', currency: 'EUR' });
    expect(recorded.data!.recordPayment).toMatchObject({
      status: 'PENDING',
      policyVersion: 0,
      total: { amountMinor: '30000', currency: 'EUR' },
    });

    const settlement = await until('the distribution', async () => {
      const s = (await platform.gql(SETTLEMENT, { j: jobId }, requester)).data!.settlement;
      return s.status === 'DISTRIBUTED' ? s : null;
    });
    const total = settlement.payouts.reduce((sum: bigint, p: { amountMinor: string }) => sum + BigInt(p.amountMinor), 0n);
    expect(total).toBe(30000n);
    const coop = settlement.payouts.find((p: { agent: { kind: string } | null }) => p.agent?.kind === 'ORGANIZATION');
    expect(coop).toMatchObject({ bucket: 'fabrication', amountMinor: '18000' });
    expect(
      settlement.payouts
        .filter((p: { fund: string | null }) => p.fund)
        .map((p: { fund: string }) => p.fund)
        .sort(),
    ).toEqual(['COMMONS', 'SOLIDARITY', 'SOLIDARITY']); // the solidarity bucket, and the validators' share nobody earned

    // The designer is a person: the payer sees their line without their name, their co-op sees it named.
    const lineage = settlement.payouts.filter((p: { bucket: string }) => p.bucket === 'lineage');
    expect(lineage.map((p: { agent: unknown; account: unknown }) => [p.agent, p.account])).toEqual([[null, null]]);
    const asCoop = (await platform.gql(SETTLEMENT, { j: jobId }, a.token)).data!.settlement;
    expect(asCoop.payouts.find((p: { bucket: string }) => p.bucket === 'lineage').agent).toMatchObject({ kind: 'ACCOUNT' });

    const job = await platform.gql('query($j: ID!) { productionJob(id: $j) { status } }', { j: jobId }, requester);
    expect(job.data!.productionJob.status).toBe('SETTLED');
    expect((await pay({ amountMinor: '30000', currency: 'EUR' })).errors![0]!.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_PAID',
    });

    const explained = await platform.gql(
      'query($s: ID!, $d: String!) { payoutExplanation(settlementId: $s, agentDid: $d) { total { amountMinor } lines { bucket rule records } } }',
      { s: settlement.id, d: coop.agent.did },
      a.token,
    );
    expect(explained.data!.payoutExplanation).toMatchObject({
      total: { amountMinor: '18000' },
      lines: [{ bucket: 'fabrication', rule: expect.stringContaining('by effort') }],
    });

    // The designer's own explanation: theirs and their co-op's to read; the payer, another account
    // and an anonymous viewer get the public view, which names no one.
    const designerDid = asCoop.payouts.find((p: { bucket: string }) => p.bucket === 'lineage').agent.did as string;
    const EXPLAIN =
      'query($s: ID!, $d: String!) { payoutExplanation(settlementId: $s, agentDid: $d) { view total { amountMinor } settlementTotal { amountMinor } lines { agent { did } fund account amountMinor bucket } buckets { bucket amount { amountMinor } } } }';
    const other = await signUp(platform, 'someone else');
    for (const token of [designer, a.token]) {
      const seen = (await platform.gql(EXPLAIN, { s: settlement.id, d: designerDid }, token)).data!.payoutExplanation;
      expect(seen).toMatchObject({
        view: 'AGENT',
        total: { amountMinor: '6000' },
        lines: [{ bucket: 'lineage', agent: { did: designerDid }, amountMinor: '6000' }],
      });
    }
    for (const token of [requester, other, undefined]) {
      const res = await platform.gql(EXPLAIN, { s: settlement.id, d: designerDid }, token);
      const seen = res.data!.payoutExplanation;
      expect(seen).toMatchObject({ view: 'PUBLIC', total: null, settlementTotal: { amountMinor: '30000' } });
      expect(
        seen.lines.every((l: { fund: string | null; agent: { did: string } | null }) => l.fund || l.agent?.did === coop.agent.did),
      ).toBe(true);
      expect(JSON.stringify(seen)).not.toContain(designerDid);
      expect(
        new Map(seen.buckets.map((b: { bucket: string; amount: { amountMinor: string } }) => [b.bucket, BigInt(b.amount.amountMinor)])),
      ).toEqual(byBucketOf(settlement.payouts));
    }

    // Funds are public books.
    const fundAccount = settlement.payouts.find((p: { fund: string | null }) => p.fund === 'SOLIDARITY').account;
    const ledger = await platform.gql('query($a: ID!) { ledger(accountId: $a) { edges { node { amountMinor currency kind } } } }', {
      a: fundAccount,
    });
    expect(ledger.data!.ledger.edges[0].node).toMatchObject({ currency: 'EUR', kind: 'SETTLEMENT' });
    const policy = await platform.gql('query($o: ID!) { rewardPolicy(organizationId: $o) { version isDefault spec } }', {
      o: coop.agent.id,
    });
    expect(policy.data!.rewardPolicy).toMatchObject({ version: 0, isDefault: true });
    expect(JSON.parse(policy.data!.rewardPolicy.spec).buckets.map((b: { key: string }) => b.key)).toEqual([
      'fabrication',
      'lineage',
      'validators',
      'solidarity',
      'commons',
    ]);

    // The public flow chart: this period's sums by bucket are the settlement's lines, added up,
    // with no one named; earlier periods are listed empty.
    const FLOWS =
      'query($o: ID!, $i: FlowInterval!, $n: Int!) { payoutFlows(organizationId: $o, interval: $i, periods: $n) { interval periodStarts from to flows { periodStart bucket settlements amount { amountMinor currency } } } }';
    const byBucket = new Map<string, bigint>();
    for (const p of settlement.payouts as Array<{ bucket: string; amountMinor: string }>)
      byBucket.set(p.bucket, (byBucket.get(p.bucket) ?? 0n) + BigInt(p.amountMinor));
    for (const [interval, periods] of [
      ['MONTH', 12],
      ['WEEK', 4],
      ['DAY', 1],
    ] as const) {
      const flows = (await platform.gql(FLOWS, { o: coop.agent.id, i: interval, n: periods })).data!.payoutFlows;
      expect(flows.periodStarts).toHaveLength(periods);
      const current = flows.periodStarts[periods - 1];
      expect(new Date(current).getTime()).toBeLessThanOrEqual(Date.now());
      expect(flows.flows.every((f: { periodStart: string }) => f.periodStart === current)).toBe(true);
      expect(
        new Map(flows.flows.map((f: { bucket: string; amount: { amountMinor: string } }) => [f.bucket, BigInt(f.amount.amountMinor)])),
      ).toEqual(byBucket);
      expect(
        flows.flows.every((f: { settlements: number; amount: { currency: string } }) => f.settlements === 1 && f.amount.currency === 'EUR'),
      ).toBe(true);
    }
    const idle = await platform.gql(
      'mutation { createOrganization(input: { name: "Idle co-op", kind: COOPERATIVE }) { id } }',
      {},
      requester,
    );
    const idleFlows = (await platform.gql(FLOWS, { o: idle.data!.createOrganization.id, i: 'MONTH', n: 3 })).data!.payoutFlows;
    expect(idleFlows).toMatchObject({ interval: 'MONTH', flows: [] });
    expect(idleFlows.periodStarts).toHaveLength(3);
    const notAnOrganization = (await platform.gql('query { me { id } }', {}, requester)).data!.me.id;
    expect((await platform.gql(FLOWS, { o: notAnOrganization, i: 'MONTH', n: 1 })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await platform.gql(FLOWS, { o: coop.agent.id, i: 'MONTH', n: 0 })).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'periods',
    });
    expect((await platform.gql(FLOWS, { o: coop.agent.id, i: 'DAY', n: 367 })).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'periods',
    });
  });
});
