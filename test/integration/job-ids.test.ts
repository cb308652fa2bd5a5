import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { ceramicPublishJobId } from '../../api/src/contributions/ceramic/ceramic-publish.handler.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';
import { eventJobId } from '../../api/src/outbox/outbox.relay.js';
import { claimExpiryJobId } from '../../api/src/production/claim-expiry.handler.js';
import { distributionJobId } from '../../api/src/rewards/distribution/distribution.scheduler.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';

// Every deterministic job id the platform uses is one BullMQ accepts (it refuses some shapes,
// e.g. ids with a ':' outside its three-part form), checked against real Redis.
describe('deterministic job ids', () => {
  let app: INestApplicationContext;
  beforeAll(async () => {
    app = await createDomainContext(testConfig({ QUEUE_PREFIX: `test-ids-${randomUUID().slice(0, 8)}` }));
  });
  afterAll(() => app.close());

  it.each([
    [QueueName.DomainEvents, eventJobId('12345')],
    [QueueName.ClaimExpiry, claimExpiryJobId(randomUUID(), 3)],
    [QueueName.CeramicPublish, ceramicPublishJobId('bagcqceraxyz')],
    [QueueName.Rewards, distributionJobId(randomUUID())],
  ])('%s accepts %s, and a second enqueue is a no-op', async (queue, id) => {
    const jobs = app.get(JobQueue);
    const payload = {} as never;
    await jobs.enqueue(queue, 'probe', payload, id, { delayMs: 3_600_000 });
    await jobs.enqueue(queue, 'probe', payload, id, { delayMs: 3_600_000 });
    const q = jobs.queue(queue);
    expect((await q.getJob(id))?.id).toBe(id);
    expect(await q.getDelayedCount()).toBe(1);
    await q.obliterate({ force: true });
  });
});
