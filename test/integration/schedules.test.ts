import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';
import { ANCHOR_SCHEDULER_ID, Schedules, SWEEP_SCHEDULER_ID } from '../../worker/src/schedules.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';

// The worker's safety nets (the sweeps, the anchoring loop) run from BullMQ job schedulers, which
// live in Redis. A Redis that loses part of its data must not leave them silently stopped.
describe('job schedulers after a partial loss of Redis data', () => {
  const prefix = `test-sched-${randomBytes(4).toString('hex')}`;
  let app: INestApplicationContext;
  let schedules: Schedules;
  let jobs: JobQueue;
  let redis: Redis;
  beforeAll(async () => {
    const config = testConfig({ QUEUE_PREFIX: prefix, REDISPATCH_AFTER_SECONDS: '30' });
    app = await createDomainContext(config);
    jobs = app.get(JobQueue);
    schedules = new Schedules(jobs, config);
    redis = new Redis(process.env.TEST_REDIS_URL!);
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
  });

  const nextRun = async (queue: QueueName, id: string) => {
    const scheduler = await jobs.queue(queue).getJobScheduler(id);
    if (!scheduler?.next) return null;
    const job = await jobs.queue(queue).getJob(`repeat:${id}:${scheduler.next}`);
    return job ? { id: job.id, state: await job.getState() } : null;
  };

  it('installs both schedulers when Redis has none, and leaves them alone while each has its next run', async () => {
    expect(await nextRun(QueueName.Sweeps, SWEEP_SCHEDULER_ID)).toBeNull();
    expect(await schedules.restoreIfLost()).toBe(true);
    const sweep = await nextRun(QueueName.Sweeps, SWEEP_SCHEDULER_ID);
    const anchor = await nextRun(QueueName.Anchoring, ANCHOR_SCHEDULER_ID);
    expect(sweep?.state).toMatch(/^(delayed|waiting)$/);
    expect(anchor?.state).toMatch(/^(delayed|waiting)$/);
    expect(await schedules.restoreIfLost()).toBe(false);
    expect(await nextRun(QueueName.Sweeps, SWEEP_SCHEDULER_ID)).toEqual(sweep);
  });

  it('puts back a scheduler whose definition survived but whose next run was lost', async () => {
    const before = await nextRun(QueueName.Sweeps, SWEEP_SCHEDULER_ID);
    expect(before).not.toBeNull();
    // What a wipe racing the worker leaves: the definition, without the delayed job of its next run.
    const base = `${prefix}:${QueueName.Sweeps}`;
    await redis.del(`${base}:${before!.id}`);
    await redis.zrem(`${base}:delayed`, before!.id!);
    await redis.lrem(`${base}:wait`, 0, before!.id!);
    expect(await jobs.queue(QueueName.Sweeps).getJobScheduler(SWEEP_SCHEDULER_ID)).not.toBeNull();
    expect(await nextRun(QueueName.Sweeps, SWEEP_SCHEDULER_ID)).toBeNull();

    expect(await schedules.restoreIfLost()).toBe(true);
    expect((await nextRun(QueueName.Sweeps, SWEEP_SCHEDULER_ID))?.state).toMatch(/^(delayed|waiting)$/);
    expect(await schedules.restoreIfLost()).toBe(false);
  });

  it('puts back a scheduler whose definition was lost', async () => {
    await redis.del(`${prefix}:${QueueName.Anchoring}:repeat:${ANCHOR_SCHEDULER_ID}`);
    await redis.zrem(`${prefix}:${QueueName.Anchoring}:repeat`, ANCHOR_SCHEDULER_ID);
    expect(await jobs.queue(QueueName.Anchoring).getJobScheduler(ANCHOR_SCHEDULER_ID)).toBeFalsy();

    expect(await schedules.restoreIfLost()).toBe(true);
    expect((await nextRun(QueueName.Anchoring, ANCHOR_SCHEDULER_ID))?.state).toMatch(/^(delayed|waiting)$/);
  });
});
