import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DomainEventDispatcher } from '../../../api/src/outbox/domain-event.dispatcher.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';

@Processor(QueueName.DomainEvents, { concurrency: 4 })
export class DomainEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(DomainEventsProcessor.name);

  constructor(private readonly dispatcher: DomainEventDispatcher) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.DomainEvents]>): Promise<string[]> {
    const applied = await this.dispatcher.dispatch(job.data);
    this.logger.log({ msg: 'domain event handled', event: job.data.type, eventId: job.data.id, applied });
    return applied;
  }
}
