import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AuditHandler } from '../../api/src/audit/audit.handler.js';
import { CeramicPublishScheduler } from '../../api/src/contributions/ceramic/ceramic-publish.handler.js';
import { draftsFromEvent } from '../../api/src/contributions/capture-rules.js';
import { ContributionCaptureHandler } from '../../api/src/contributions/contribution-capture.handler.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { ProposalCloseScheduler } from '../../api/src/governance/proposal-close.scheduler.js';
import type { DomainEvent } from '../../api/src/outbox/domain-events.js';
import { ClaimExpiryScheduler } from '../../api/src/production/claim-expiry.handler.js';
import { DistributionScheduler } from '../../api/src/rewards/distribution/distribution.scheduler.js';
import { LedgerRepository } from '../../api/src/rewards/ledger/ledger.repository.js';
import { RewardsService } from '../../api/src/rewards/rewards.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { acceptedJobsInBulk, newAccount, newDesignVersion, newOrganization } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';
import { workerProcesses } from '../support/worker-processes.js';

const SETTLEMENTS = 120;
const DESIGNS_PER_WIPE = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Deletes every key of a queue prefix: what Redis losing its data (a restart without persistence,
// a failover to an empty replica, FLUSHDB) does to this instance's queues.
async function wipe(prefix: string): Promise<number> {
  const redis = new Redis(process.env.TEST_REDIS_URL!);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

// A real worker process on real Redis and a database of its own; its Redis data is wiped three
// times while it works (events queued, settlements being distributed). How long recovery takes
// depends on the machine; what is checked is that nothing is lost or done twice.
describe('a Redis that loses its data mid-flight', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let app: INestApplicationContext;
  let stopWorkers = () => undefined as void;
  afterAll(async () => {
    stopWorkers();
    await app?.close();
    await db?.drop();
  });

  it('costs time, not work: every event reaches every handler once, every record is captured once, every settlement is distributed once', async () => {
    db = await scratchDatabase({ migrate: true, label: 'redis_loss' });
    const prefix = `test-rloss-${randomBytes(4).toString('hex')}`;
    const env = {
      DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-redis-loss-')),
      QUEUE_PREFIX: prefix,
      OUTBOX_POLL_MS: '50',
      REDISPATCH_AFTER_SECONDS: '2',
    };
    const config = testConfig(env);
    app = await createDomainContext(config);
    const ds = app.get(Database);
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const facility = await app.get(FacilitiesService).register(admin.viewer, {
      organizationId: org.id,
      name: 'Bulk Fab',
      location: { lat: 10, lon: 10 },
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 300 } }],
    });
    const designer = await newAccount(app);
    const paid = await newDesignVersion(app, designer.viewer);
    const requester = await newAccount(app);
    const jobs = await acceptedJobsInBulk(ds, {
      count: SETTLEMENTS,
      requesterAccountId: requester.id,
      designVersionId: paid.id,
      facilityId: facility.id,
      claimedBy: admin.id,
    });
    for (const [i, jobId] of jobs.entries())
      await app.get(RewardsService).recordPayment(requester.viewer, jobId, { amountMinor: String(1000 + i), currency: 'EUR' });

    // Every (event, handler) pair the worker's handlers owe.
    const handlers = [
      AuditHandler,
      ClaimExpiryScheduler,
      ContributionCaptureHandler,
      CeramicPublishScheduler,
      DistributionScheduler,
      ProposalCloseScheduler,
    ].map((h) => app.get(h));
    const pairs = handlers.flatMap((h) => h.handles.map((type) => ({ type: type as string, handler: h.name })));
    const owed = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM outbox_events e JOIN unnest($1::text[], $2::text[]) AS h(type, handler) ON h.type = e.type
            WHERE NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = e.id AND p.handler = h.handler)`,
          [pairs.map((p) => p.type), pairs.map((p) => p.handler)],
        )
      )[0].n as number;
    const distributed = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM settlements WHERE status = 'DISTRIBUTED'`))[0].n as number;

    const workers = workerProcesses(config, env);
    stopWorkers = () => workers.killAll();
    const worker = workers.start();
    // Wipe while work is in flight: settlements being distributed, their events and those of
    // designs published a moment before queued or being handled.
    let wiped = 0;
    let designs = 1;
    for (const share of [0, 1 / 3, 2 / 3]) {
      const deadline = Date.now() + 120_000;
      while ((await distributed()) <= SETTLEMENTS * share && Date.now() < deadline) await sleep(20);
      for (let i = 0; i < DESIGNS_PER_WIPE; i++, designs++) await newDesignVersion(app, designer.viewer);
      wiped += (await wipe(prefix)) > 0 ? 1 : 0;
    }
    expect(wiped).toBe(3);
    const deadline = Date.now() + 300_000;
    while (((await distributed()) < SETTLEMENTS || (await owed()) > 0) && Date.now() < deadline) await sleep(250);
    await workers.stop(worker);

    expect(await distributed()).toBe(SETTLEMENTS);
    expect(await owed()).toBe(0);
    // Exactly one ledger transaction per settlement, its payouts summing to the payment.
    const [perSettlement] = await ds.query(`
      SELECT count(*) FILTER (WHERE n <> 1)::int AS not_once FROM (
        SELECT (SELECT count(*) FROM ledger_transactions t WHERE t.reference LIKE 'settlement:' || s.id || ':%') AS n FROM settlements s) x`);
    expect(perSettlement.not_once).toBe(0);
    expect(
      await ds.query(
        `SELECT s.id FROM settlements s LEFT JOIN (SELECT settlement_id, sum(amount_minor) AS total FROM payouts GROUP BY settlement_id) p ON p.settlement_id = s.id WHERE p.total IS DISTINCT FROM s.amount_minor`,
      ),
    ).toEqual([]);
    expect(await app.get(LedgerRepository).unbalancedTransactions()).toEqual([]);
    // Each captured event became exactly the records its rules give, once.
    const captured: DomainEvent[] = (
      await ds.query(`SELECT id, type, aggregate_type, aggregate_id, payload, occurred_at FROM outbox_events WHERE type = ANY($1)`, [
        ['design.published', 'design.remixed', 'production.job.transitioned'],
      ])
    ).map(
      (r: Record<string, unknown>) =>
        ({
          id: String(r.id),
          type: r.type,
          aggregateType: r.aggregate_type,
          aggregateId: r.aggregate_id,
          payload: r.payload,
          occurredAt: new Date(r.occurred_at as string).toISOString(),
        }) as DomainEvent,
    );
    const expectedSources = captured.flatMap((e) => draftsFromEvent(e).map((d) => d.source)).sort();
    const sources = (await ds.query(`SELECT source FROM contribution_records WHERE source LIKE 'event:%' ORDER BY source`))
      .map((r: { source: string }) => r.source)
      .sort();
    expect(captured.filter((e) => e.type === 'design.published')).toHaveLength(designs);
    expect(sources).toEqual(expectedSources);
    // One audit entry per organization event.
    const [audit] = await ds.query(`SELECT count(*)::int AS entries, count(DISTINCT event_id)::int AS events FROM audit_log`);
    expect(audit.entries).toBe(audit.events);
  }, 700_000);
});
