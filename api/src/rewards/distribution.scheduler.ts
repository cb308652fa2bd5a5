import { Injectable } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service.js';
import { RewardsRepository } from './rewards.repository.js';
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

  constructor(
    private readonly jobs: JobQueue,
    private readonly rewards: RewardsRepository,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const { settlementId } = event.payload as DomainEventPayloads['rewards.payment-recorded'];
    await this.jobs.enqueue(QueueName.Rewards, 'distribute-rewards', { settlementId }, distributionJobId(settlementId));
  }

  // Settlements still PENDING a while after payment get their job back: re-added if it is gone,
  // retried if it gave up. The job id keeps this from ever queueing a second distribution.
  async sweep(olderThan: Date, limit = 500): Promise<{ requeued: number; retried: number }> {
    const queue = this.jobs.queue(QueueName.Rewards);
    let requeued = 0;
    let retried = 0;
    for (const settlementId of await this.rewards.pendingSettlements(limit, olderThan)) {
      const job = await queue.getJob(distributionJobId(settlementId));
      if (!job) {
        await this.jobs.enqueue(QueueName.Rewards, 'distribute-rewards', { settlementId }, distributionJobId(settlementId));
        requeued++;
      } else if (await job.isFailed()) {
        await job.retry();
        retried++;
      }
    }
    return { requeued, retried };
  }
}
