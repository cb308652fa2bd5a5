import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditHandler } from '../../api/src/audit/audit.handler.js';
import { AuditRepository } from '../../api/src/audit/audit.repository.js';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';
import { DomainEventDispatcher } from '../../api/src/outbox/domain-event.dispatcher.js';
import type { DomainEvent } from '../../api/src/outbox/domain-events.js';
import { OutboxRepository } from '../../api/src/outbox/outbox.repository.js';
import { eventJobId, OutboxRelay } from '../../api/src/outbox/outbox.relay.js';
import { ProcessedEventsRepository } from '../../api/src/outbox/processed-events.repository.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization } from '../support/factories.js';

let app: INestApplicationContext;
let db: DataSource;
let relay: OutboxRelay;
let jobs: JobQueue;

beforeAll(async () => {
  app = await createDomainContext();
  db = app.get(DataSource);
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
    const dispatcher = new DomainEventDispatcher([app.get(AuditHandler)], app.get(ProcessedEventsRepository), app.get(UnitOfWork));
    await drain();
    const [row] = await db.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'identity.organization.created'`, [org.id]);
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
