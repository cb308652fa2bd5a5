import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AuditHandler } from '../../api/src/audit/audit.handler.js';
import { AuditRepository } from '../../api/src/audit/audit.repository.js';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import { Database } from '../../api/src/database/database.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName, redisConnectionOptions } from '../../api/src/jobs/queues.js';
import { DomainEventDispatcher } from '../../api/src/outbox/domain-event.dispatcher.js';
import type { DomainEvent } from '../../api/src/outbox/domain-events.js';
import { OutboxRepository } from '../../api/src/outbox/outbox.repository.js';
import { eventJobId, OutboxRelay } from '../../api/src/outbox/outbox.relay.js';
import { OutboxRedispatcher } from '../../api/src/outbox/outbox.redispatcher.js';
import { ProcessedEventsRepository } from '../../api/src/outbox/processed-events.repository.js';
import { runWithContext } from '../../api/src/common/logging/request-context.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';

let app: INestApplicationContext;
let db: Database;
let relay: OutboxRelay;
let jobs: JobQueue;

beforeAll(async () => {
  app = await createDomainContext();
  db = app.get(Database);
  jobs = app.get(JobQueue);
  // Built by hand so no polling loop runs behind the test's back.
  relay = new OutboxRelay(app.get(UnitOfWork), app.get(OutboxRepository), jobs, app.get(APP_CONFIG));
});
afterAll(() => app.close());

async function drain(): Promise<void> {
  while ((await relay.relayOnce()) > 0);
}

async function pendingIds(aggregateId: string): Promise<string[]> {
  const rows = await db.query('SELECT id FROM outbox_events WHERE aggregate_id = $1 AND dispatched_at IS NULL ORDER BY id', [aggregateId]);
  return rows.map((r: { id: string }) => String(r.id));
}

describe('transactional outbox', () => {
  it('writes no event when the change rolls back', async () => {
    const admin = await newAccount(app);
    const before = await db.query('SELECT count(*)::int AS n FROM outbox_events');
    await expect(
      app.get(UnitOfWork).run(async (tx) => {
        await app.get(OutboxRepository).append(tx, {
          type: 'identity.member.removed',
          aggregateType: 'organization',
          aggregateId: admin.id,
          payload: { organizationId: admin.id, accountId: admin.id, actorId: admin.id },
        });
        throw new Error('the change failed after the event was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.query('SELECT count(*)::int AS n FROM outbox_events')).toEqual(before);
  });

  it('keeps events committed while no relay runs and delivers each once when one starts', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    // The process "died" right after the commit: nothing was enqueued yet.
    const ids = await pendingIds(org.id);
    expect(ids).toHaveLength(1);
    expect(await jobs.queue(QueueName.DomainEvents).getJob(eventJobId(ids[0]!))).toBeUndefined();

    await drain();
    const job = await jobs.queue(QueueName.DomainEvents).getJob(eventJobId(ids[0]!));
    expect(job?.data).toMatchObject({ id: ids[0], type: 'identity.organization.created', aggregateId: org.id });
    expect(await pendingIds(org.id)).toEqual([]);
  });

  it('stores the request context with the events of a change and hands it to their jobs', async () => {
    const admin = await newAccount(app);
    const requestId = `req-${randomBytes(8).toString('hex')}`;
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const org = await runWithContext({ requestId, traceparent }, () => newOrganization(app, admin.viewer));
    const [row] = await db.query('SELECT id, context FROM outbox_events WHERE aggregate_id = $1', [org.id]);
    expect(row.context).toEqual({ requestId, traceparent });

    // Relayed outside any request (the relay's timer): the event still carries its own context.
    await drain();
    const job = await jobs.queue(QueueName.DomainEvents).getJob(eventJobId(String(row.id)));
    expect(job?.data).toMatchObject({ id: String(row.id), context: { requestId, traceparent } });

    // A change made outside any request stores none.
    const other = await newOrganization(app, admin.viewer);
    expect(await db.query('SELECT context FROM outbox_events WHERE aggregate_id = $1', [other.id])).toEqual([{ context: null }]);
    await drain();
  });

  it('re-sends after a crash between enqueue and commit without creating a second job', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const [id] = await pendingIds(org.id);
    await drain(); // clear older events of other tests
    await db.query('UPDATE outbox_events SET dispatched_at = NULL WHERE id = $1', [id]);

    // Crash after the job reached Redis, before the dispatch mark committed.
    await expect(
      relay.relayOnce(() => {
        throw new Error('process died');
      }),
    ).rejects.toThrow('process died');
    expect(await pendingIds(org.id)).toEqual([id]);

    await drain();
    expect(await pendingIds(org.id)).toEqual([]);
    const queue = jobs.queue(QueueName.DomainEvents);
    const all = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
    expect(all.filter((j) => j.data.id === id)).toHaveLength(1);
  });

  it('applies a redelivered event once', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const dispatcher = new DomainEventDispatcher(
      [app.get(AuditHandler)],
      app.get(ProcessedEventsRepository),
      app.get(UnitOfWork),
      app.get(OutboxRepository),
    );
    await drain();
    const [row] = await db.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [
      org.id,
    ]);
    const event: DomainEvent = {
      id: String(row.id),
      type: 'identity.organization.created',
      aggregateType: 'organization',
      aggregateId: org.id,
      payload: { organizationId: org.id, did: org.did, kind: org.kind, createdBy: admin.id },
      occurredAt: new Date().toISOString(),
    };
    const results = await Promise.all([dispatcher.dispatch(event), dispatcher.dispatch(event), dispatcher.dispatch(event)]);
    expect(results.flat()).toEqual(['audit-log']);
    expect(await app.get(AuditRepository).forOrganization(org.id)).toEqual([
      expect.objectContaining({ action: 'identity.organization.created', actorId: admin.id, subjectId: org.id }),
    ]);
  });
});

// A database and queue prefix of their own: the sweep looks at every event of an instance, and
// these tests empty their Redis prefix as a lost Redis would.
describe('outbox events whose jobs Redis lost', () => {
  let own: INestApplicationContext;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let ownDb: Database;
  let ownRelay: OutboxRelay;
  let redispatcher: OutboxRedispatcher;
  let dispatcher: DomainEventDispatcher;
  let queue: Queue;
  const prefix = `test-redispatch-${randomBytes(4).toString('hex')}`;
  const AFTER = 30; // REDISPATCH_AFTER_SECONDS
  const later = () => new Date(Date.now() + (AFTER + 1) * 1000);

  beforeAll(async () => {
    scratch = await scratchDatabase({ migrate: true, label: 'redispatch' });
    const config = testConfig({ DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix, REDISPATCH_AFTER_SECONDS: String(AFTER) });
    own = await createDomainContext(config);
    ownDb = own.get(Database);
    ownRelay = new OutboxRelay(own.get(UnitOfWork), own.get(OutboxRepository), own.get(JobQueue), config);
    dispatcher = new DomainEventDispatcher(
      [own.get(AuditHandler)],
      own.get(ProcessedEventsRepository),
      own.get(UnitOfWork),
      own.get(OutboxRepository),
    );
    redispatcher = new OutboxRedispatcher(own.get(OutboxRepository), dispatcher, own.get(JobQueue), config);
    queue = own.get(JobQueue).queue(QueueName.DomainEvents);
  });
  afterAll(async () => {
    await wipePrefix(prefix);
    await own?.close();
    await scratch?.drop();
  });

  // Runs every job waiting in the queue through the dispatcher, as the worker would.
  async function work(): Promise<number> {
    let n = 0;
    for (const job of await queue.getJobs(['waiting', 'prioritized'])) {
      await dispatcher.dispatch(job.data as DomainEvent);
      await job.remove();
      n++;
    }
    return n;
  }

  async function audited(orgId: string): Promise<number> {
    return (await own.get(AuditRepository).forOrganization(orgId)).length;
  }

  it('sends again, under the same job id, an event dispatched before Redis lost its data, and it takes effect once', async () => {
    const admin = await newAccount(own);
    const org = await newOrganization(own, admin.viewer);
    while ((await ownRelay.relayOnce()) > 0);
    const [{ id }] = await ownDb.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [
      org.id,
    ]);
    expect(await queue.getJob(eventJobId(String(id)))).toBeDefined();

    await wipePrefix(prefix); // Redis lost everything: the event is dispatched, its job gone
    expect(await queue.getJob(eventJobId(String(id)))).toBeUndefined();
    // Too recent to be looked at yet.
    expect(await redispatcher.sweep()).toMatchObject({ resent: 0 });

    const report = await redispatcher.sweep(later());
    expect(report.resent).toBeGreaterThanOrEqual(1);
    expect((await queue.getJob(eventJobId(String(id))))?.data).toMatchObject({ id: String(id), type: 'identity.organization.created' });
    // Swept again before the worker ran it: the job is there, nothing is added.
    expect((await redispatcher.sweep(new Date(Date.now() + 2 * (AFTER + 1) * 1000))).resent).toBe(0);
    await work();
    expect(await audited(org.id)).toBe(1);

    // Handled now: later sweeps leave it alone, and a stray redelivery changes nothing.
    expect(await redispatcher.sweep(new Date(Date.now() + 3 * (AFTER + 1) * 1000))).toMatchObject({ resent: 0, retried: 0 });
    const [{ handled_at }] = await ownDb.query('SELECT handled_at FROM outbox_events WHERE id = $1', [id]);
    expect(handled_at).not.toBeNull();
  });

  it('replaces an orphaned job (a hash in no list, left when Redis lost its data under a running worker)', async () => {
    const admin = await newAccount(own);
    const org = await newOrganization(own, admin.viewer);
    while ((await ownRelay.relayOnce()) > 0);
    const [{ id }] = await ownDb.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [
      org.id,
    ]);
    await wipePrefix(prefix);
    // What a worker finishing its job after the wipe leaves behind: the job's hash, in no list.
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    await redis.hset(`${prefix}:${QueueName.DomainEvents}:${eventJobId(String(id))}`, 'attemptsMade', '1');
    redis.disconnect();
    expect(await (await queue.getJob(eventJobId(String(id))))!.getState()).toBe('unknown');

    expect((await redispatcher.sweep(later())).resent).toBeGreaterThanOrEqual(1);
    const job = (await queue.getJob(eventJobId(String(id))))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.data).toMatchObject({ id: String(id), type: 'identity.organization.created' });
    await work();
    expect(await audited(org.id)).toBe(1);
  });

  it('leaves an active job a worker holds, and replaces one no worker holds a lock on', async () => {
    const admin = await newAccount(own);
    const org = await newOrganization(own, admin.viewer);
    await wipePrefix(prefix);
    while ((await ownRelay.relayOnce()) > 0);
    const [{ id }] = await ownDb.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [
      org.id,
    ]);
    const worker = new Worker(QueueName.DomainEvents, undefined, {
      connection: redisConnectionOptions(process.env.TEST_REDIS_URL!),
      prefix,
      autorun: false,
    });
    try {
      for (;;) {
        const job = (await worker.getNextJob('test-token'))!;
        if (job.id === eventJobId(String(id))) break;
        await dispatcher.dispatch(job.data as DomainEvent);
        await job.moveToCompleted('done', 'test-token', false);
      }
      // A worker holds it: under way.
      expect(await redispatcher.sweep(later())).toMatchObject({ resent: 0, underWay: 1 });
      expect(await (await queue.getJob(eventJobId(String(id))))!.getState()).toBe('active');
      // Its lock is gone (Redis lost its data under the worker, which moved it there): no one will run it.
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      await redis.del(`${prefix}:${QueueName.DomainEvents}:${eventJobId(String(id))}:lock`);
      redis.disconnect();
      expect(await redispatcher.sweep(new Date(Date.now() + 2 * (AFTER + 1) * 1000))).toMatchObject({ resent: 1 });
      expect(await (await queue.getJob(eventJobId(String(id))))!.getState()).toBe('waiting');
    } finally {
      await worker.close();
    }
    await work();
    expect(await audited(org.id)).toBe(1);
  });

  it('marks handled, without sending it again, an event every handler recorded before a crash lost the mark', async () => {
    const admin = await newAccount(own);
    const org = await newOrganization(own, admin.viewer);
    while ((await ownRelay.relayOnce()) > 0);
    await work();
    const [{ id }] = await ownDb.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [
      org.id,
    ]);
    await ownDb.query('UPDATE outbox_events SET handled_at = NULL WHERE id = $1', [id]);
    await wipePrefix(prefix);

    const report = await redispatcher.sweep(later());
    expect(report.resent).toBe(0);
    expect(report.handled).toBeGreaterThanOrEqual(1);
    expect(await queue.getJob(eventJobId(String(id)))).toBeUndefined();
    expect(await audited(org.id)).toBe(1);
  });

  it('leaves an event whose job still waits in the queue, and retries one whose job gave up', async () => {
    const admin = await newAccount(own);
    const org = await newOrganization(own, admin.viewer);
    await wipePrefix(prefix);
    while ((await ownRelay.relayOnce()) > 0);
    const [{ id }] = await ownDb.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [
      org.id,
    ]);
    expect(await redispatcher.sweep(later())).toMatchObject({ resent: 0, retried: 0 });
    expect(await (await queue.getJob(eventJobId(String(id))))!.getState()).toBe('waiting');

    // The job fails for good before the handler ever ran.
    const worker = new Worker(QueueName.DomainEvents, undefined, {
      connection: redisConnectionOptions(process.env.TEST_REDIS_URL!),
      prefix,
      autorun: false,
    });
    try {
      for (;;) {
        const job = (await worker.getNextJob('test-token'))!;
        if (job.id !== eventJobId(String(id))) {
          await dispatcher.dispatch(job.data as DomainEvent);
          await job.moveToCompleted('done', 'test-token', false);
          continue;
        }
        // Unrecoverable: failed for good, as after its last attempt.
        await job.moveToFailed(new UnrecoverableError('handler kept failing'), 'test-token');
        break;
      }
    } finally {
      await worker.close();
    }
    expect(await (await queue.getJob(eventJobId(String(id))))!.getState()).toBe('failed');
    expect((await redispatcher.sweep(new Date(Date.now() + 2 * (AFTER + 1) * 1000))).retried).toBe(1);
    expect(await (await queue.getJob(eventJobId(String(id))))!.getState()).toBe('waiting');
    await work();
    expect(await audited(org.id)).toBe(1);
  });
});

async function wipePrefix(prefix: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
