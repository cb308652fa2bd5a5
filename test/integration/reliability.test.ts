import type { INestApplicationContext } from '@nestjs/common';
import { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { ProposalsService } from '../../api/src/governance/proposals.service.js';
import { MatchingService } from '../../api/src/matching/matching.service.js';
import { DEFAULT_MATCHING_POLICY } from '../../api/src/matching/reliability/matching-policy.js';
import { ReliabilityService } from '../../api/src/matching/reliability/reliability.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { eastOf } from '../support/factories.js';
import { fairnessWorld } from '../support/fairness-world.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let w: ReturnType<typeof fairnessWorld>;
let reliability: ReliabilityService;
beforeAll(async () => {
  app = await createDomainContext(testConfig({ GOVERNANCE_MIN_VOTING_SECONDS: '60' }));
  w = fairnessWorld(app);
  reliability = app.get(ReliabilityService);
});
afterAll(() => app.close());

const recordOf = async (facilityId: string) => (await reliability.reliabilityOf([facilityId], DEFAULT_MATCHING_POLICY))[0]!;

describe('reliability signals', () => {
  it('counts on-time and first-delivery rates with their samples, under the window and targets the members vote', async () => {
    const { shop, requester, input } = await w.world();
    expect(await recordOf(shop.facility.id)).toMatchObject({
      sample: 0,
      onTime: { sample: 0, rate: null, status: 'NO_RECORD' },
      probation: { active: true, acceptedJobs: 0, jobs: 3 },
    });
    await w.delivered(shop, requester, input());
    await w.delivered(shop, requester, input());
    const late = await w.delivered(shop, requester, input(), { late: true, dispute: true });
    const record = await recordOf(shop.facility.id);
    expect(record).toMatchObject({
      sample: 3,
      disputes: 1,
      windowDays: 365,
      windowJobs: 50,
      onTime: { count: 2, sample: 3, target: 0.95, status: 'BELOW_TARGET' }, // 2 of 3: the whole interval is below 95 %
      firstDelivery: { count: 2, sample: 3, target: 0.9 },
      probation: { active: false, acceptedJobs: 3 },
    });
    expect(record.onTime.rate).toBeCloseTo(2 / 3, 10);
    expect(record.onTime.upperBound).toBeLessThan(0.95);

    // The members lower the on-time target: the same record is no longer shown below it.
    expect(await w.voted(shop.admin, shop.org.id, { onTimeTarget: 0.9 })).toMatchObject({ status: 'EXECUTED' });
    expect((await recordOf(shop.facility.id)).onTime).toMatchObject({ target: 0.9, status: 'UNPROVEN' });

    // The late job was two months ago; a 30-day window leaves it out.
    await w.db.query(
      `UPDATE production_jobs SET delivered_at = delivered_at - interval '60 days', accepted_at = accepted_at - interval '60 days' WHERE id = $1`,
      [late.id],
    );
    await w.db.query(
      `UPDATE production_requests SET due_date = due_date - interval '60 days' WHERE id = (SELECT request_id FROM production_jobs WHERE id = $1)`,
      [late.id],
    );
    expect((await recordOf(shop.facility.id)).sample).toBe(3);
    await w.voted(shop.admin, shop.org.id, { windowDays: 30 });
    expect(await recordOf(shop.facility.id)).toMatchObject({
      sample: 2,
      disputes: 0,
      windowDays: 30,
      onTime: { count: 2, sample: 2 },
      firstDelivery: { count: 2, sample: 2 },
    });
    expect(await reliability.policyOf(shop.org.id)).toEqual({ ...DEFAULT_MATCHING_POLICY, onTimeTarget: 0.9, windowDays: 30 });
  });

  it('counts a job held past its due date as late', async () => {
    const { shop, requester, input } = await w.world();
    const { request } = await w.inProduction(shop, requester, input());
    expect((await recordOf(shop.facility.id)).sample).toBe(0);
    await w.db.query(`UPDATE production_requests SET due_date = now() - interval '1 day' WHERE id = $1`, [request.id]);
    expect((await recordOf(shop.facility.id)).onTime).toMatchObject({ count: 0, sample: 1 });
  });

  it('ranks a facility with a good record above an equal one without, and shows the record with the match', async () => {
    const { home, shop, requester, input } = await w.world();
    // A second makerspace at the same distance on the other side, with no record: ranked on the exact
    // distances (equal), the record decides. (The scores handed back use each lab's public, rounded location.)
    const fresh = await w.makerspace(eastOf(home, -3));
    for (let i = 0; i < 4; i++) await w.delivered(shop, requester, input());
    const { matches } = await app.get(MatchingService).match({ ...input(), first: 5 });
    expect(matches.map((m) => m.facility.id)).toEqual([shop.facility.id, fresh.facility.id]);
    expect(matches[0]!.reliability).toMatchObject({ sample: 4, onTime: { count: 4, sample: 4 } });
    expect(matches[0]!.reliability!.score).toBeCloseTo(6 / 8, 10); // (4 + 2) / (4 + 4)
    expect(matches[1]!.reliability).toMatchObject({ sample: 0, score: 0.5, probation: { active: true } });
    expect(matches[0]!.reasons).toContain('100% of 4 jobs on time, 100% of 4 accepted on first delivery, 0 disputed');
  });

  it('refuses a policy outside its bounds, writing nothing', async () => {
    const { shop } = await w.world();
    const propose = (matchingPolicy: string) =>
      app.get(ProposalsService).create(shop.admin.viewer, {
        organizationId: shop.org.id,
        kind: 'MATCHING_POLICY_CHANGE',
        title: 'Count only last week',
        matchingPolicy,
        votingEndsAt: new Date(Date.now() + 61_000),
      });
    await expectNothingWritten(
      w.db,
      ['proposals', 'outbox_events'],
      () => propose('{"windowDays": 7}'),
      InvalidInputError,
      'matchingPolicy.windowDays',
    );
    await expectNothingWritten(w.db, ['proposals'], () => propose('{"windowDay": 90}'), InvalidInputError, 'matchingPolicy.windowDay');
  });
});
