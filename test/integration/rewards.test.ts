import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { Database } from '../../api/src/database/database.js';
import { RecomputeService } from '../../api/src/rewards/distribution/recompute.service.js';
import { ContributionsService } from '../../api/src/contributions/contributions.service.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { ProductionService } from '../../api/src/production/production.service.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { ContributionsNotCapturedError, DistributionService } from '../../api/src/rewards/distribution/distribution.service.js';
import { DistributionScheduler, distributionJobId } from '../../api/src/rewards/distribution/distribution.scheduler.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';
import { LedgerRepository } from '../../api/src/rewards/ledger/ledger.repository.js';
import { LedgerService } from '../../api/src/rewards/ledger/ledger.service.js';
import { RewardsService } from '../../api/src/rewards/rewards.service.js';
import { DEFAULT_SPEC, PoliciesService } from '../../api/src/rewards/policy/policies.service.js';
import { createDomainContext } from '../support/context.js';
import { captureDelivery } from '../support/events.js';
import {
  acceptedJobsInBulk,
  eastOf,
  newAccount,
  newDesignVersion,
  newOrganization,
  remotePoint,
  newEvidence,
} from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';

const run = promisify(execFile);
let app: INestApplicationContext;
let db: Database;
let rewards: RewardsService;
let distribution: DistributionService;
let deliver: (aggregateId: string) => Promise<void>;

beforeAll(async () => {
  app = await createDomainContext();
  db = app.get(Database);
  rewards = app.get(RewardsService);
  distribution = app.get(DistributionService);
  deliver = captureDelivery(app);
});
afterAll(() => app.close());

// What a passed REWARD_POLICY_CHANGE proposal does (the governance tests vote them in).
const adopt = (organizationId: string, spec: unknown) =>
  app.get(UnitOfWork).run((tx) => app.get(PoliciesService).activatePolicyIn(tx, organizationId, spec, null));

const TABLES = ['settlements', 'payouts', 'ledger_transactions', 'ledger_entries', 'outbox_events'];

// A remix made by a co-op and accepted by its requester, with every contribution captured.
async function acceptedJob(
  o: {
    budget?: { amountMinor: string; currency: string };
    accept?: boolean;
    capture?: boolean;
    license?: { hardware: string; documentation?: string };
  } = {},
) {
  const home = remotePoint();
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer);
  const facility = await app.get(FacilitiesService).register(admin.viewer, {
    organizationId: org.id,
    name: 'River Fab',
    location: eastOf(home, 3),
    capacityHoursPerWeek: 40,
    equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 300 } }],
  });
  const original = await newAccount(app);
  const remixer = await newAccount(app);
  const license = o.license ? { license: o.license } : {};
  const v1 = await newDesignVersion(app, original.viewer, {
    title: 'Seed Tray',
    parts: [{ id: 'p', name: 'panel', process: 'LASER_CUTTING' }],
    ...license,
  } as never);
  const v2 = await newDesignVersion(app, remixer.viewer, {
    title: 'Seed Tray XL',
    parts: [{ id: 'p', name: 'panel', process: 'LASER_CUTTING' }],
    derivativeOf: [{ versionCid: v1.cid, shareBps: 4000 }],
    ...license,
  } as never);
  const requester = await newAccount(app);
  const productionRequests = app.get(ProductionRequestsService);
  const productionJobs = app.get(ProductionJobsService);
  const request = await productionRequests.request(requester.viewer, {
    designVersionCid: v2.cid,
    quantity: 2,
    location: home,
    radiusKm: 50,
    dueDate: new Date(Date.now() + 7 * 86400_000),
    budget: o.budget ?? null,
  });
  const job = await productionJobs.claim(admin.viewer, request.id, facility.id);
  await productionJobs.advance(admin.viewer, job.id, 'IN_PRODUCTION');
  await productionJobs.advance(admin.viewer, job.id, 'READY', [(await newEvidence(app, admin.viewer, job.id)).files[0]!.cid]);
  await productionJobs.advance(admin.viewer, job.id, 'DELIVERED');
  if (o.accept !== false) await productionJobs.acceptDelivery(requester.viewer, job.id);
  if (o.capture !== false) for (const id of [v1.designId, v2.designId, job.id]) await deliver(id);
  return { admin, org, original, remixer, requester, v1, v2, job };
}

const eur = (amountMinor: string) => ({ amountMinor, currency: 'EUR' });

describe('recording a payment', () => {
  it('refuses bad payments with a typed error and writes nothing', async () => {
    const s = await acceptedJob({ budget: eur('50000') });
    const notAccepted = await acceptedJob({ accept: false });
    const cases: Array<[() => Promise<unknown>, new (...a: never[]) => Error, string?]> = [
      [() => rewards.recordPayment(s.requester.viewer, s.job.id, eur('0')), InvalidInputError, 'amount.amountMinor'],
      [() => rewards.recordPayment(s.requester.viewer, s.job.id, eur('-500')), InvalidInputError, 'amount.amountMinor'],
      [() => rewards.recordPayment(s.requester.viewer, s.job.id, eur('12.50')), InvalidInputError, 'amount.amountMinor'],
      [
        () => rewards.recordPayment(s.requester.viewer, s.job.id, { amountMinor: '500', currency: 'USD' }),
        InvalidInputError,
        'amount.currency',
      ],
      [
        () => rewards.recordPayment(s.requester.viewer, s.job.id, { amountMinor: '500', currency: 'EURO' }),
        InvalidInputError,
        'amount.currency',
      ],
      [() => rewards.recordPayment(s.admin.viewer, s.job.id, eur('500')), ForbiddenError],
      [() => rewards.recordPayment(notAccepted.requester.viewer, notAccepted.job.id, eur('500')), ConflictError],
    ];
    for (const [action, error, field] of cases) await expectNothingWritten(db, TABLES, action, error, field);
  });

  it('refuses to pay for a job of a non-commercial design (requested without a budget) and writes nothing', async () => {
    const s = await acceptedJob({ license: { hardware: 'CC-BY-NC-4.0' } });
    await expectNothingWritten(db, TABLES, () => rewards.recordPayment(s.requester.viewer, s.job.id, eur('5000')), ConflictError);
    await expect(rewards.recordPayment(s.requester.viewer, s.job.id, eur('5000'))).rejects.toMatchObject({
      details: { reason: 'NON_COMMERCIAL_LICENCE', licence: 'CC-BY-NC-4.0' },
    });
    expect(await rewards.settlementOfJob(s.requester.viewer, s.job.id)).toBeNull();
  });
});

describe('distributing a settlement', () => {
  it('shares the payment by the default policy: co-op, lineage, funds; balanced, exactly once, job SETTLED', async () => {
    const s = await acceptedJob({ budget: eur('100000') });
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('100000'));
    expect(settlement).toMatchObject({ status: 'PENDING', policyVersion: 0, amountMinor: 100000n, currency: 'EUR' });
    await expect(rewards.recordPayment(s.requester.viewer, s.job.id, eur('100000'))).rejects.toMatchObject({
      details: { reason: 'ALREADY_PAID' },
    });

    // Five workers at once, then once more: one distribution.
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => distribution.distribute(settlement.id)));
    expect(outcomes.filter((o) => o === 'distributed')).toHaveLength(1);
    expect(await distribution.distribute(settlement.id)).toBe('already');

    const payouts = await rewards.payouts(settlement.id);
    expect(payouts.reduce((sum, p) => sum + p.amountMinor, 0n)).toBe(100000n);
    const by = (did: string | null, fund?: string) =>
      payouts.filter((p) => (fund ? p.fund === fund : p.recipientDid === did)).reduce((sum, p) => sum + p.amountMinor, 0n);
    expect(by(s.org.did)).toBe(60000n); // fabrication: all the job's work is the co-op's
    expect(by(s.remixer.did)).toBe(12000n); // 20 % lineage, keeps 60 %
    expect(by(s.original.did)).toBe(8000n); // 40 % of the lineage share passed up
    expect(by(null, 'SOLIDARITY')).toBe(15000n); // 10 % + validators' 5 % (nobody validated)
    expect(by(null, 'COMMONS')).toBe(5000n);
    expect(payouts.find((p) => p.recipientDid === s.original.did)!.lineagePath).toEqual([s.v2.cid, s.v1.cid]);
    expect(payouts.find((p) => p.recipientDid === s.org.did)!.records.length).toBeGreaterThanOrEqual(2);

    const after = (await rewards.settlementOfJob(s.requester.viewer, s.job.id))!;
    expect(after.status).toBe('DISTRIBUTED');
    expect((await app.get(ProductionService).getJob(s.job.id)).status).toBe('SETTLED');
    // The move went by the lifecycle's rules: its history row and event, once each, by the platform.
    const history = await db.query(
      'SELECT from_status, to_status, actor_account_id FROM production_job_history WHERE job_id = $1 AND to_status = $2',
      [s.job.id, 'SETTLED'],
    );
    expect(history).toEqual([{ from_status: 'ACCEPTED', to_status: 'SETTLED', actor_account_id: null }]);
    const events: Array<{ type: string; aggregate_id: string; payload: Record<string, unknown> }> = await db.query(
      `SELECT type, aggregate_id, payload FROM outbox_events WHERE (type = 'production.job.transitioned' AND aggregate_id = $1 AND payload->>'to' = 'SETTLED')
          OR (type = 'contribution.recorded' AND aggregate_id IN (SELECT id FROM contribution_records WHERE source LIKE $2)) OR (type = 'rewards.distributed' AND aggregate_id = $3) ORDER BY id`,
      [s.job.id, `payout:${settlement.id}:%`, settlement.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      ...payouts.map(() => 'contribution.recorded'),
      'production.job.transitioned',
      'rewards.distributed',
    ]);
    expect(events.find((e) => e.type === 'production.job.transitioned')!.payload).toMatchObject({
      jobId: s.job.id,
      from: 'ACCEPTED',
      to: 'SETTLED',
      actorId: null,
    });
    const ledger = app.get(LedgerRepository);
    expect(await ledger.unbalancedTransactions()).toEqual([]);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM ledger_transactions WHERE reference LIKE $1', [
      `settlement:${settlement.id}:%`,
    ]);
    expect(n).toBe(1);

    // Every payout line is also a signed transfer record by the co-op, with the amount it moved.
    const transfers = await db.query(
      `SELECT receiver_did, provider_did FROM contribution_records WHERE job_id = $1 AND source LIKE 'payout:%' ORDER BY seq`,
      [s.job.id],
    );
    expect(transfers).toHaveLength(payouts.length);
    expect(transfers.every((t: { provider_did: string }) => t.provider_did === s.org.did)).toBe(true);
    expect(transfers.map((t: { receiver_did: string }) => t.receiver_did)).toContain(s.original.did);

    const explanation = await rewards.explanation(s.original.viewer, settlement.id, s.original.did);
    expect(explanation.view).toBe('AGENT');
    expect(explanation.lines).toEqual([
      expect.objectContaining({ bucket: 'lineage', amountMinor: 8000n, lineagePath: [s.v2.cid, s.v1.cid] }),
    ]);
    await expect(rewards.settlementOfJob((await newAccount(app)).viewer, s.job.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('waits (to be retried) until the job’s and the lineage’s events are contribution records', async () => {
    const s = await acceptedJob({ capture: false });
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('1000'));
    await expect(distribution.distribute(settlement.id)).rejects.toBeInstanceOf(ContributionsNotCapturedError);
    expect((await rewards.settlementOfJob(s.requester.viewer, s.job.id))!.status).toBe('PENDING');
    for (const id of [s.v1.designId, s.v2.designId, s.job.id]) await deliver(id);
    expect(await distribution.distribute(settlement.id)).toBe('distributed');
  });

  it('gives a settlement whose job was lost its job back, once (the sweep)', async () => {
    const s = await acceptedJob({ capture: false });
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('1500'));
    const queue = app.get(JobQueue).queue(QueueName.Rewards);
    expect(await queue.getJob(distributionJobId(settlement.id))).toBeUndefined(); // its event was never relayed here
    const scheduler = app.get(DistributionScheduler);
    await scheduler.sweep(new Date(Date.now() + 60_000));
    const job = await queue.getJob(distributionJobId(settlement.id));
    expect(job?.data).toEqual({ settlementId: settlement.id });
    await scheduler.sweep(new Date(Date.now() + 60_000));
    expect(
      (await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter((j) => j.data.settlementId === settlement.id),
    ).toHaveLength(1);
    // Redis lost its data under a worker running it: the job's hash is left in no list. Adding over
    // it would do nothing; the sweep replaces it.
    await job!.remove();
    const key = `${app.get<AppConfig>(APP_CONFIG).redis.queuePrefix}:${QueueName.Rewards}:${distributionJobId(settlement.id)}`;
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    await redis.hset(key, 'attemptsMade', '1');
    redis.disconnect();
    expect(await (await queue.getJob(distributionJobId(settlement.id)))!.getState()).toBe('unknown');
    expect(await scheduler.sweep(new Date(Date.now() + 60_000))).toMatchObject({ requeued: 1 });
    const replaced = (await queue.getJob(distributionJobId(settlement.id)))!;
    expect(await replaced.getState()).toBe('waiting');
    expect(replaced.data).toEqual({ settlementId: settlement.id });
    await replaced.remove().catch(() => undefined);
  });

  it('uses the policy version in force when the payment was recorded', async () => {
    const s = await acceptedJob();
    expect(() =>
      app
        .get(PoliciesService)
        .parsePolicySpec(JSON.stringify({ buckets: [{ key: 'all', shareBps: 9000, kind: 'FUND', fund: 'COMMONS' }] })),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason: 'SHARES_NOT_100' }) }));
    const version = await adopt(s.org.id, {
      buckets: [
        { key: 'makers', shareBps: 7000, kind: 'CONTRIBUTORS', actions: ['produce'] },
        { key: 'commons', shareBps: 3000, kind: 'FUND', fund: 'COMMONS' },
      ],
    });
    expect(version).toBe(1);
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('999'));
    // A newer version adopted after the payment does not change it.
    await adopt(s.org.id, { buckets: [{ key: 'all', shareBps: 10000, kind: 'FUND', fund: 'SOLIDARITY' }] });
    await distribution.distribute(settlement.id);
    const payouts = await rewards.payouts(settlement.id);
    expect(payouts.map((p) => [p.bucket, p.recipientDid ?? p.fund, p.amountMinor])).toEqual([
      ['makers', s.org.did, 699n], // 70 % of 999 = 699.3
      ['commons', 'COMMONS', 300n], // 299.7 rounds up: the largest remainder
    ]);
  });
});

describe('who sees a person named in a payout explanation', () => {
  it('shows a person’s lines to them and to the fabricating co-op only; the requester, others and anonymous viewers get the public view', async () => {
    const s = await acceptedJob({ budget: eur('100000') });
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('100000'));
    await distribution.distribute(settlement.id);
    const all = await rewards.payouts(settlement.id);
    const bucketSums = new Map<string, bigint>();
    for (const p of all) bucketSums.set(p.bucket, (bucketSums.get(p.bucket) ?? 0n) + p.amountMinor);
    const outsider = await newAccount(app);

    const matrix: Array<[string, { accountId: string } | null, 'AGENT' | 'PUBLIC']> = [
      ['the requester', s.requester.viewer, 'PUBLIC'],
      ['an anonymous viewer', null, 'PUBLIC'],
      ['another registered account', outsider.viewer, 'PUBLIC'],
      ['the person', s.original.viewer, 'AGENT'],
      ['a member of the fabricating co-op', s.admin.viewer, 'AGENT'],
    ];
    const people = [s.original.did, s.remixer.did];
    const peoplesAccounts = all.filter((p) => people.includes(p.recipientDid ?? '')).map((p) => p.accountId);
    for (const [who, viewer, view] of matrix) {
      const e = await rewards.explanation(viewer, settlement.id, s.original.did);
      if (view === 'AGENT') {
        expect({ who, lines: e.lines }).toEqual({
          who,
          lines: [
            expect.objectContaining({
              recipientDid: s.original.did,
              bucket: 'lineage',
              amountMinor: 8000n,
              lineagePath: [s.v2.cid, s.v1.cid],
            }),
          ],
        });
      } else {
        // No person named, not even the one asked about: only funds and the co-op (open books).
        expect({
          who,
          named: e.lines.filter((l) => people.includes(l.recipientDid ?? '') || peoplesAccounts.includes(l.accountId)),
        }).toEqual({ who, named: [] });
        expect(e.lines.map((l) => l.recipientDid ?? l.fund).sort()).toEqual(
          all
            .filter((l) => l.fund || l.recipientDid === s.org.did)
            .map((l) => l.recipientDid ?? l.fund)
            .sort(),
        );
      }
      expect({ who, view: e.view, total: e.total }).toEqual({ who, view, total: view === 'AGENT' ? 8000n : null });
      expect(new Map(e.buckets.map((b) => [b.bucket, b.amountMinor]))).toEqual(bucketSums);
    }
    // An organization's lines are open books to anyone.
    expect((await rewards.explanation(null, settlement.id, s.org.did)).view).toBe('AGENT');
    // The same rule names or hides the person in the settlement's lines.
    const asRequester = await rewards.visiblePayouts(s.requester.viewer, settlement.id);
    expect(asRequester.filter((l) => l.masked).map((l) => l.bucket)).toEqual(['lineage', 'lineage']);
    const asPerson = await rewards.visiblePayouts(s.original.viewer, settlement.id);
    expect(asPerson.filter((l) => l.masked)).toHaveLength(1); // the remixer's line, not their own
  });
});

describe('capped returns when distributions race', () => {
  it('keeps every agent within their cap when distributions of one design run at once, and each recomputes', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    // The designer's cap: 1 × the minimum basis of 50.00; each payment's lineage share is 20.00.
    await adopt(org.id, {
      ...DEFAULT_SPEC,
      cap: { multiple: 1, perHourMinor: '100', minimumBasisMinor: '5000', overflowTo: 'SOLIDARITY' },
    });
    const facility = await app.get(FacilitiesService).register(admin.viewer, {
      organizationId: org.id,
      name: 'Race Fab',
      location: remotePoint(),
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'laser', materials: ['plywood'] }],
    });
    const designer = await newAccount(app);
    const version = await newDesignVersion(app, designer.viewer);
    await deliver(version.designId);
    const requester = await newAccount(app);
    const jobs = await acceptedJobsInBulk(db, {
      count: 10,
      requesterAccountId: requester.id,
      designVersionId: version.id,
      facilityId: facility.id,
      claimedBy: admin.id,
    });
    const settlements = [];
    for (const jobId of jobs) settlements.push(await rewards.recordPayment(requester.viewer, jobId, eur('10000')));

    const outcomes = await Promise.all(settlements.map((s) => distribution.distribute(s.id)));
    expect(outcomes).toEqual(settlements.map(() => 'distributed'));
    const [{ paid }] = await db.query('SELECT sum(amount_minor)::text AS paid FROM payouts WHERE recipient_did = $1', [designer.did]);
    expect(BigInt(paid)).toBe(5000n);
    const [{ overflow }] = await db.query(
      `SELECT sum(amount_minor)::text AS overflow FROM payouts WHERE settlement_id = ANY($1) AND bucket = 'lineage' AND fund = 'SOLIDARITY'`,
      [settlements.map((s) => s.id)],
    );
    expect(BigInt(overflow)).toBe(10n * 2000n - 5000n);
    const [totals] = await db.query(
      'SELECT paid_minor::text AS paid FROM design_payout_totals WHERE design_id = $1 AND recipient_did = $2',
      [version.designId, designer.did],
    );
    expect(totals.paid).toBe('5000');
    // Each recomputes from the records to what it paid: the order of distributed_at is the order in
    // which the distributions saw each other's payouts.
    for (const s of settlements) expect(await app.get(RecomputeService).recompute(s.id)).toMatchObject({ matches: true, differences: [] });
  });
});

describe('recomputing a settlement', () => {
  it('matches what was paid from the signed records, even when the index is edited, and reports a tampered payout', async () => {
    const s = await acceptedJob();
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('7777'));
    await distribution.distribute(settlement.id);
    const recompute = app.get(RecomputeService);
    expect(await recompute.recompute(settlement.id)).toMatchObject({ matches: true, differences: [] });

    // The index says someone else made the part: the signed record still says the co-op did.
    await db.query(
      `UPDATE contribution_records SET provider_did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', effort_hours = 99 WHERE job_id = $1 AND action = 'produce'`,
      [s.job.id],
    );
    expect((await recompute.recompute(settlement.id)).matches).toBe(true);

    // Someone with database rights moves money between payout lines.
    await db.query('ALTER TABLE payouts DISABLE TRIGGER payouts_immutable');
    try {
      await db.query(`UPDATE payouts SET amount_minor = amount_minor + 100 WHERE settlement_id = $1 AND line = 1`, [settlement.id]);
      await db.query(`UPDATE payouts SET amount_minor = amount_minor - 100 WHERE settlement_id = $1 AND line = 2`, [settlement.id]);
    } finally {
      await db.query('ALTER TABLE payouts ENABLE TRIGGER payouts_immutable');
    }
    const tampered = await recompute.recompute(settlement.id);
    expect(tampered.matches).toBe(false);
    expect(tampered.differences.filter((d) => d.startsWith('paid but not recomputed'))).toHaveLength(2);

    // The CLI says the same, over the same database and blockstore.
    const config = app.get<AppConfig>(APP_CONFIG);
    const cli = await run(process.execPath, [join(process.cwd(), 'dist', 'cli', 'main.js'), 'recompute', settlement.id], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: process.env.TEST_DATABASE_URL,
        REDIS_URL: process.env.TEST_REDIS_URL,
        DATA_DIR: config.dataDir,
        KEY_ENCRYPTION_SECRET: config.auth.keyEncryptionSecret,
        TOKEN_SECRET: config.auth.tokenSecret,
        LOG_LEVEL: 'error',
      },
    }).catch((e: { code: number; stdout: string }) => e);
    expect((cli as { code: number }).code).toBe(1);
    expect((cli as { stdout: string }).stdout).toMatch(/^DIFFERS settlement/);
    await expect(db.query('UPDATE payouts SET amount_minor = 1 WHERE settlement_id = $1', [settlement.id])).rejects.toThrow(/immutable/);
  });
});

describe('recomputing the validators a distribution used', () => {
  it('counts only approvals backed by the validator’s signed answer, and reports a forged or missing one', async () => {
    const s = await acceptedJob();
    const orgs = app.get(OrganizationsService);
    const [recorder, peer, insider] = [await newAccount(app), await newAccount(app), await newAccount(app)];
    for (const m of [recorder, peer, insider]) await orgs.addMember(s.admin.viewer, s.org.id, m.email, 'MEMBER');
    const contributions = app.get(ContributionsService);
    const record = await contributions.record(recorder.viewer, {
      organizationId: s.org.id,
      jobId: s.job.id,
      action: 'work',
      note: 'Finished the panels by hand',
      effortHours: '3',
    });
    await contributions.validate(peer.viewer, record.id, true);
    const [{ answer_record_id: peerAnswer }] = await db.query(
      'SELECT answer_record_id FROM contribution_validations WHERE record_id = $1',
      [record.id],
    );
    // The second approval is a row someone wrote straight into the database, naming the peer's
    // signed answer as if it were the insider's.
    await db.query(
      'INSERT INTO contribution_validations (record_id, account_id, approve, at, answer_record_id) VALUES ($1, $2, true, now(), $3)',
      [record.id, insider.id, peerAnswer],
    );
    await db.query(`UPDATE contribution_records SET validation = 'APPROVED' WHERE id = $1`, [record.id]);

    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('20000'));
    await distribution.distribute(settlement.id);
    const paid = await rewards.payouts(settlement.id);
    expect(paid.find((p) => p.bucket === 'validators' && p.recipientDid === insider.did)).toBeDefined();
    expect(paid.find((p) => p.bucket === 'fabrication' && p.recipientDid === recorder.did)).toBeDefined();

    const recompute = app.get(RecomputeService);
    const forged = await recompute.recompute(settlement.id);
    expect(forged.matches).toBe(false);
    expect(forged.differences).toContain(
      `approval of ${record.id} by ${insider.did}: its signed answer ${peerAnswer} is signed by ${peer.did}, not by ${insider.did}`,
    );
    // With one signed approval of the two required the record does not count: neither the insider
    // nor the recorder would have been paid.
    expect(forged.differences.some((d) => d.startsWith('paid but not recomputed: validators') && d.includes(insider.did))).toBe(true);
    expect(forged.differences.some((d) => d.startsWith('paid but not recomputed: fabrication') && d.includes(recorder.did))).toBe(true);

    await db.query('UPDATE contribution_validations SET answer_record_id = NULL WHERE record_id = $1 AND account_id = $2', [
      record.id,
      insider.id,
    ]);
    expect((await recompute.recompute(settlement.id)).differences).toContain(
      `approval of ${record.id} by ${insider.did}: no signed answer`,
    );
  });
});

describe('the ledger', () => {
  it('refuses entries appended to a posted transaction, even a pair that balances', async () => {
    const s = await acceptedJob();
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('4000'));
    await distribution.distribute(settlement.id);
    const { transactionId } = (await rewards.settlementOfJob(s.requester.viewer, s.job.id))!;
    const [fund] = await db.query(
      `SELECT e.account_id FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = $1 AND a.kind = 'FUND' LIMIT 1`,
      [transactionId],
    );
    const thief = await newAccount(app);
    const [thiefAccount] = await app
      .get(LedgerRepository)
      .ensureAccounts(undefined, [
        { kind: 'AGENT', ownerDid: thief.did, organizationId: null, fund: null, currency: 'EUR', name: thief.did },
      ]);
    const before = await db.query('SELECT count(*)::int AS n FROM ledger_entries WHERE transaction_id = $1', [transactionId]);
    await expect(
      app.get(UnitOfWork).run(async (tx) => {
        await db.query(
          `INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency, memo) VALUES ($1, $2, -100, 'EUR', 'moved'), ($1, $3, 100, 'EUR', 'moved')`,
          [transactionId, fund.account_id, thiefAccount!.id],
          tx,
        );
      }),
    ).rejects.toThrow(/already posted/);
    expect(await db.query('SELECT count(*)::int AS n FROM ledger_entries WHERE transaction_id = $1', [transactionId])).toEqual(before);
    expect((await app.get(LedgerRepository).balances([thiefAccount!.id])).get(thiefAccount!.id)).toBe(0n);
  });

  it('lets recompute name the entries of a settlement’s transaction that the split did not make (its guard switched off)', async () => {
    const s = await acceptedJob();
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('4100'));
    await distribution.distribute(settlement.id);
    const recompute = app.get(RecomputeService);
    expect(await recompute.recompute(settlement.id)).toMatchObject({ matches: true, differences: [] });
    const { transactionId } = (await rewards.settlementOfJob(s.requester.viewer, s.job.id))!;
    const [fund] = await db.query(
      `SELECT e.account_id, a.fund FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = $1 AND a.kind = 'FUND' LIMIT 1`,
      [transactionId],
    );
    const thief = await newAccount(app);
    const [thiefAccount] = await app
      .get(LedgerRepository)
      .ensureAccounts(undefined, [
        { kind: 'AGENT', ownerDid: thief.did, organizationId: null, fund: null, currency: 'EUR', name: thief.did },
      ]);

    // Someone with superuser rights switches the guard off for their own transaction and appends a
    // balanced pair: the payout lines are untouched, the money moved.
    await db.transaction(async (tx) => {
      await db.query('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_closed', [], tx);
      await db.query(
        `INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency, memo) VALUES ($1, $2, -100, 'EUR', 'moved'), ($1, $3, 100, 'EUR', 'moved')`,
        [transactionId, fund.account_id, thiefAccount!.id],
        tx,
      );
      await db.query('SET CONSTRAINTS ALL IMMEDIATE', [], tx); // the balance check passes: the pair nets to zero
      await db.query('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_closed', [], tx);
    });
    expect(await app.get(LedgerRepository).unbalancedTransactions()).not.toContain(transactionId);
    const tampered = await recompute.recompute(settlement.id);
    expect(tampered.matches).toBe(false);
    expect(tampered.differences).toEqual(
      expect.arrayContaining([
        `in the ledger but not recomputed: AGENT ${thief.did}: +100 EUR`,
        `in the ledger but not recomputed: FUND ${fund.fund} of organization ${s.org.id}: -100 EUR`,
      ]),
    );
    expect(tampered.differences.filter((d) => d.startsWith('paid but not recomputed'))).toEqual([]);
  });

  it('refuses edits, deletions and unbalanced transactions at the database', async () => {
    const s = await acceptedJob();
    const settlement = await rewards.recordPayment(s.requester.viewer, s.job.id, eur('1000'));
    await distribution.distribute(settlement.id);
    await expect(
      db.query(
        'UPDATE ledger_entries SET amount_minor = amount_minor + 1 WHERE transaction_id = (SELECT transaction_id FROM settlements WHERE id = $1)',
        [settlement.id],
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      db.query('DELETE FROM ledger_transactions WHERE id = (SELECT transaction_id FROM settlements WHERE id = $1)', [settlement.id]),
    ).rejects.toThrow(/immutable/);
    const [account] = await db.query('SELECT id FROM ledger_accounts LIMIT 1');
    await expect(
      app.get(UnitOfWork).run(async (tx) => {
        await app.get(LedgerRepository).insertTransaction(tx, {
          kind: 'TRANSFER',
          reference: `bad-${settlement.id}`,
          memo: 'one-sided',
          entries: [{ accountId: account.id, amountMinor: 5n, currency: 'EUR' }],
        });
      }),
    ).rejects.toThrow(/does not balance/);
    expect(await db.query('SELECT id FROM ledger_transactions WHERE reference = $1', [`bad-${settlement.id}`])).toEqual([]);

    // A correction is a reversing transaction: it brings every account back, and posts once.
    const { transactionId } = (await rewards.settlementOfJob(s.requester.viewer, s.job.id))!;
    const ledger = app.get(LedgerRepository);
    const accounts = (await db.query('SELECT DISTINCT account_id FROM ledger_entries WHERE transaction_id = $1', [transactionId])).map(
      (r: { account_id: string }) => r.account_id,
    );
    const before = await ledger.balances(accounts);
    const reversal = await app
      .get(UnitOfWork)
      .run((tx) => app.get(LedgerService).reverse(tx, transactionId!, `reversal:${settlement.id}`, 'paid twice by mistake'));
    const reversed = await ledger.balances(accounts);
    const net = await db.query(
      'SELECT account_id, sum(amount_minor)::text AS net FROM ledger_entries WHERE transaction_id = $1 GROUP BY account_id',
      [transactionId],
    );
    for (const e of net)
      expect([e.account_id, reversed.get(e.account_id)]).toEqual([e.account_id, before.get(e.account_id)! - BigInt(e.net)]);
    expect((await db.query('SELECT reverses FROM ledger_transactions WHERE id = $1', [reversal]))[0].reverses).toBe(transactionId);
    await expect(
      app.get(UnitOfWork).run((tx) => app.get(LedgerService).reverse(tx, transactionId!, `reversal:${settlement.id}`, 'again')),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await ledger.unbalancedTransactions()).toEqual([]);
  });
});
