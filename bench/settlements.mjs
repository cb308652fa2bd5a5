// Settlements distributed per second by the rewards worker's code (DistributionService: the split
// over a 5-level remix lineage and 10 contributors, the balanced ledger transaction, payout lines,
// one signed transfer record per line, the job's move to SETTLED), as BullMQ jobs with the worker's
// concurrency, against a ceiling measured in the same run: BullMQ jobs that each write the same
// number of rows, one INSERT per row, in one transaction. Goal: ≥ 0.5× the ceiling.
// Usage: npm run bench:settlements [-- --settlements 200]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { dist as d, startBenchPlatform } from './lib/platform.mjs';

const { values } = parseArgs({
  options: { settlements: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' } },
});
const N = Number(values.settlements);
const CONCURRENCY = Number(values.concurrency);
const { AccountsService } = await d('api/src/identity/accounts.service.js');
const { OrganizationsService } = await d('api/src/identity/organizations.service.js');
const { FacilitiesService } = await d('api/src/facilities/facilities.service.js');
const { DesignsService } = await d('api/src/designs/designs.service.js');
const { ContentService } = await d('api/src/ipfs/content.service.js');
const { RecordWriter } = await d('api/src/contributions/record-writer.js');
const { RewardsService } = await d('api/src/rewards/rewards.service.js');
const { DistributionService } = await d('api/src/rewards/distribution/distribution.service.js');
const { UnitOfWork } = await d('api/src/database/transaction.js');
const { DomainEventDispatcher } = await d('api/src/outbox/domain-event.dispatcher.js');
const { ProcessedEventsRepository } = await d('api/src/outbox/processed-events.repository.js');
const { OutboxRepository } = await d('api/src/outbox/outbox.repository.js');
const { ContributionCaptureHandler } = await d('api/src/contributions/contribution-capture.handler.js');
const { redisConnectionOptions } = await d('api/src/jobs/queues.js');
const { Database } = await d('api/src/database/database.js');

const platform = await startBenchPlatform();
const { app, config } = platform;
const db = app.get(Database);
const uow = app.get(UnitOfWork);
const tag = randomBytes(3).toString('hex');
const person = async (name) => {
  const r = await app
    .get(AccountsService)
    .register({ email: `${name}-${tag}@example.org`, password: 'violet lantern over quiet harbour', name });
  return { ...r.account, viewer: { accountId: r.account.id } };
};

// A co-op of 10 makers, a design remixed 4 times (5 versions by 5 designers), one requester.
const admin = await person('admin');
const org = await app.get(OrganizationsService).create(admin.viewer, { name: 'Bench Co-op', kind: 'COOPERATIVE' });
const makers = [admin];
for (let i = 1; i < 10; i++) {
  const m = await person(`maker${i}`);
  await app.get(OrganizationsService).addMember(admin.viewer, org.id, m.email, 'MEMBER');
  makers.push(m);
}
const facility = await app.get(FacilitiesService).register(admin.viewer, {
  organizationId: org.id,
  name: 'Bench Fab',
  location: { lat: 1, lon: 1 },
  capacityHoursPerWeek: 40,
  equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 300 } }],
});
let parent = null;
for (let i = 0; i < 5; i++) {
  const designer = await person(`designer${i}`);
  const { root } = await app.get(ContentService).importTree([{ path: 'README.md', content: new TextEncoder().encode(`v${i} ${tag}`) }]);
  parent = await app.get(DesignsService).publish(designer.viewer, {
    title: `Bench Design v${i}`,
    license: { hardware: 'CERN-OHL-P-2.0' },
    rootCid: root.toString(),
    ...(parent && { derivativeOf: [{ versionCid: parent.cid, shareBps: 3000 }] }),
  });
}
// What the worker does with the publications: turn them into contribution records.
const dispatcher = new DomainEventDispatcher(
  [app.get(ContributionCaptureHandler)],
  app.get(ProcessedEventsRepository),
  uow,
  app.get(OutboxRepository),
);
for (const r of await db.query(
  `SELECT id, type, aggregate_type, aggregate_id, payload, occurred_at FROM outbox_events WHERE type LIKE 'design.%' ORDER BY id`,
)) {
  await dispatcher.dispatch({
    id: String(r.id),
    type: r.type,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    occurredAt: new Date(r.occurred_at).toISOString(),
  });
}
const requester = await person('requester');
const jobs = await db.query(
  `WITH r AS (
     INSERT INTO production_requests (id, requester_account_id, design_version_id, quantity, lat, lon, radius_km, due_date)
     SELECT gen_random_uuid(), $1, $2, 1, 0, 0, 10, now() + interval '7 days' FROM generate_series(1, $3) RETURNING id)
   INSERT INTO production_jobs (id, request_id, line_key, role, label, quantity, estimated_hours, status, facility_id, claimed_by, claimed_at, claim_seq)
   SELECT gen_random_uuid(), r.id, 'whole', 'WHOLE', 'whole design', 1, 1, 'ACCEPTED', $4, $5, now(), 1 FROM r RETURNING id`,
  [requester.id, parent.id, N, facility.id, admin.id],
);
// 10 contributors per job, each with their own hours.
for (const [j, { id: jobId }] of jobs.entries()) {
  for (const [k, m] of makers.entries()) {
    await uow.run((tx) =>
      app.get(RecordWriter).append(tx, {
        source: `bench:work:${jobId}:${k}`,
        action: 'work',
        providerDid: m.did,
        providerAccountId: m.id,
        providerOrganizationId: org.id,
        receiverDid: null,
        subject: `urn:cosmolocal:job:${jobId}`,
        designId: parent.designId,
        designVersionCid: parent.cid,
        jobId,
        effortHours: `${1 + ((j + k) % 7)}.50`,
        note: 'work',
        occurredAt: new Date(),
        evidenceCids: [],
        validation: 'NOT_REQUIRED',
        validationsRequired: 0,
      }),
    );
  }
}
const settlements = [];
for (const [i, { id }] of jobs.entries())
  settlements.push(
    (await app.get(RewardsService).recordPayment(requester.viewer, id, { amountMinor: String(10_000 + i * 37), currency: 'EUR' })).id,
  );

const connection = redisConnectionOptions(config.redis.url);
const prefix = config.redis.queuePrefix;
async function runQueue(name, handler, payloads) {
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection, prefix });
  await events.waitUntilReady();
  let done = 0;
  const finished = new Promise((resolve, reject) => {
    events.on('completed', () => ++done === payloads.length && resolve());
    events.on('failed', ({ failedReason }) => reject(new Error(failedReason)));
  });
  const worker = new Worker(name, (job) => handler(job.data), { connection, prefix, concurrency: CONCURRENCY, autorun: false });
  await queue.addBulk(payloads.map((data, i) => ({ name: 'job', data, opts: { jobId: `${name}-${i}`, removeOnComplete: true } })));
  const t = performance.now();
  void worker.run();
  await finished;
  const seconds = (performance.now() - t) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await events.close();
  return seconds;
}

const TABLES = [
  'ledger_transactions',
  'ledger_entries',
  'payouts',
  'contribution_records',
  'outbox_events',
  'production_job_history',
  'ledger_accounts',
];
const count = async () =>
  Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await db.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n])));
const before = await count();
const distribution = app.get(DistributionService);
const distSeconds = await runQueue(
  `bench-distribute-${tag}`,
  ({ id }) => distribution.distribute(id),
  settlements.map((id) => ({ id })),
);
const after = await count();
const inserted = TABLES.reduce((s, t) => s + after[t] - before[t], 0);
const rowsPerSettlement = Math.round(inserted / N) + 2; // + the settlement and the job, updated
const [{ undistributed }] = await db.query(`SELECT count(*)::int AS undistributed FROM settlements WHERE status <> 'DISTRIBUTED'`);
if (undistributed) throw new Error(`${undistributed} settlements not distributed`);

await db.query(
  'CREATE TABLE bench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, job int NOT NULL, n int NOT NULL, payload text NOT NULL)',
);
const ceilingSeconds = await runQueue(
  `bench-ceiling-${tag}`,
  ({ i }) =>
    uow.run(async (tx) => {
      for (let n = 0; n < rowsPerSettlement; n++)
        await db.query('INSERT INTO bench_rows (job, n, payload) VALUES ($1, $2, $3)', [i, n, `row ${n} of job ${i}`], tx);
    }),
  settlements.map((_, i) => ({ i })),
);

const result = {
  date: new Date().toISOString(),
  database: platform.database,
  settlements: N,
  concurrency: CONCURRENCY,
  lineageLevels: 5,
  contributorsPerJob: 10,
  rowsWrittenPerSettlement: rowsPerSettlement,
  settlementsPerSecond: Number((N / distSeconds).toFixed(1)),
  ceilingJobsPerSecond: Number((N / ceilingSeconds).toFixed(1)),
  ratio: Number((ceilingSeconds / distSeconds).toFixed(2)),
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/settlements.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
await platform.close();
