import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { LedgerRepository } from '../../api/src/rewards/ledger/ledger.repository.js';
import { RewardsService } from '../../api/src/rewards/rewards.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { acceptedJobsInBulk, newAccount, newDesignVersion, newOrganization } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';
import { workerProcesses } from '../support/worker-processes.js';

const SETTLEMENTS = 2000;
const KILLS = 20;

// Real worker processes on real Redis and the run's database server, SIGKILLed at random moments
// while they distribute 2,000 settlements, and started again each time.
describe('distribution survives a worker killed at random points', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let app: INestApplicationContext;
  let stopWorkers = () => undefined as void;
  afterAll(async () => {
    stopWorkers();
    await app?.close();
    await db?.drop();
  });

  it('distributes every settlement exactly once; the ledger balances and payouts equal payments', async () => {
    db = await scratchDatabase({ migrate: true, label: 'rewards_crash' });
    const env = {
      DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-rewards-crash-')),
      QUEUE_PREFIX: `test-rcrash-${randomBytes(4).toString('hex')}`,
      OUTBOX_POLL_MS: '50',
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
    const version = await newDesignVersion(app, (await newAccount(app)).viewer);
    const requester = await newAccount(app);
    const jobs = await acceptedJobsInBulk(ds, {
      count: SETTLEMENTS,
      requesterAccountId: requester.id,
      designVersionId: version.id,
      facilityId: facility.id,
      claimedBy: admin.id,
    });
    const rewards = app.get(RewardsService);
    let paid = 0n;
    for (const [i, jobId] of jobs.entries()) {
      const amount = BigInt(1000 + ((i * 7919) % 90_000)); // varied amounts, so rounding is exercised
      paid += amount;
      await rewards.recordPayment(requester.viewer, jobId, { amountMinor: amount.toString(), currency: 'EUR' });
    }

    const workers = workerProcesses(config, env);
    stopWorkers = () => workers.killAll();
    const distributed = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM settlements WHERE status = 'DISTRIBUTED'`))[0].n as number;
    for (let k = 0; k < KILLS; k++) await workers.killMidway(distributed);
    await workers.runUntil(async () => (await distributed()) >= SETTLEMENTS, 240_000);

    expect(await distributed()).toBe(SETTLEMENTS);
    // Exactly one ledger transaction per settlement, and its lines sum to the payment.
    const [perSettlement] = await ds.query(`
      SELECT count(*) FILTER (WHERE n <> 1)::int AS not_once, count(*)::int AS settlements FROM (
        SELECT s.id, (SELECT count(*) FROM ledger_transactions t WHERE t.reference LIKE 'settlement:' || s.id || ':%') AS n FROM settlements s) x`);
    expect(perSettlement).toEqual({ not_once: 0, settlements: SETTLEMENTS });
    const mismatched = await ds.query(
      `SELECT s.id FROM settlements s LEFT JOIN (SELECT settlement_id, sum(amount_minor) AS total FROM payouts GROUP BY settlement_id) p ON p.settlement_id = s.id WHERE p.total IS DISTINCT FROM s.amount_minor`,
    );
    expect(mismatched).toEqual([]);
    const [{ payouts }] = await ds.query('SELECT sum(amount_minor)::text AS payouts FROM payouts');
    expect(BigInt(payouts)).toBe(paid);
    expect(await app.get(LedgerRepository).unbalancedTransactions()).toEqual([]);
    // The caps' running totals equal the lines, and no agent was paid past the cap their lines
    // were computed under (caps here bind early: every payment goes to one design).
    const drift = await ds.query(`
      SELECT t.recipient_did FROM design_payout_totals t
        LEFT JOIN (SELECT design_id, recipient_did, currency, sum(amount_minor) AS paid FROM payouts WHERE recipient_did IS NOT NULL GROUP BY 1, 2, 3) p USING (design_id, recipient_did, currency)
       WHERE coalesce(p.paid, 0) <> t.paid_minor`);
    expect(drift).toEqual([]);
    const [{ capped }] = await ds.query(`SELECT count(*)::int AS capped FROM payouts WHERE rule LIKE '%cap%'`);
    expect(capped).toBeGreaterThan(0);
    const over = await ds.query(
      'SELECT recipient_did FROM payouts WHERE cap_minor IS NOT NULL GROUP BY design_id, recipient_did, currency HAVING sum(amount_minor) > max(cap_minor)',
    );
    expect(over).toEqual([]);
    const [{ settled }] = await ds.query(`SELECT count(*)::int AS settled FROM production_jobs WHERE status = 'SETTLED'`);
    expect(settled).toBe(SETTLEMENTS);
  }, 600_000);
});
