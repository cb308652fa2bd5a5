import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { QueueName } from '../../jobs/queues.js';
import type { DomainEventHandler } from '../../outbox/domain-event-handler.js';
import type { DomainEvent } from '../../outbox/domain-events.js';
import { CeramicPublisher } from './ceramic.publisher.js';

export const ceramicPublishJobId = (recordId: string) => `ceramic-${recordId}`;

// With a Ceramic node configured, each new record gets a publish job (one id per record: a
// redelivered event queues nothing twice; the network call happens outside any transaction).
@Injectable()
export class CeramicPublishScheduler implements DomainEventHandler<'contribution.recorded'> {
  readonly name = 'ceramic-publish-scheduler';
  readonly handles = ['contribution.recorded'] as const;

  constructor(
    private readonly jobs: JobQueue,
    private readonly publisher: CeramicPublisher,
  ) {}

  async handle(event: DomainEvent<'contribution.recorded'>): Promise<void> {
    if (!this.publisher.enabled) return;
    const { recordId } = event.payload;
    await this.jobs.enqueue(QueueName.CeramicPublish, 'publish', { recordId }, ceramicPublishJobId(recordId));
  }
}
