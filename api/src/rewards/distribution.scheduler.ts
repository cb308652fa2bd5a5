import { Injectable } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEvent, DomainEventPayloads, DomainEventType } from '../outbox/domain-events.js';

// BullMQ refuses ':' in custom ids (outside its own three-part form).
export const distributionJobId = (settlementId: string) => `distribute-${settlementId}`;

// A recorded payment queues its distribution under an id that names the settlement.
@Injectable()
export class DistributionScheduler implements DomainEventHandler {
  readonly name = 'distribution-scheduler';
  readonly handles: readonly DomainEventType[] = ['rewards.payment-recorded'];

  constructor(private readonly jobs: JobQueue) {}

  async handle(event: DomainEvent): Promise<void> {
    const { settlementId } = event.payload as DomainEventPayloads['rewards.payment-recorded'];
    await this.jobs.enqueue(QueueName.Rewards, 'distribute-rewards', { settlementId }, distributionJobId(settlementId));
  }
}
