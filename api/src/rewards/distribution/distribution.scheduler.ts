import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { SettlementsRepository } from './settlements.repository.js';
import { QueueName } from '../../jobs/queues.js';
import type { DomainEventHandler } from '../../outbox/domain-event-handler.js';
import type { DomainEventOf } from '../../outbox/domain-events.js';

// BullMQ refuses ':' in custom ids (outside its own three-part form).
export const distributionJobId = (settlementId: string) => `distribute-${settlementId}`;

// A recorded payment queues its distribution under an id that names the settlement.
@Injectable()
export class DistributionScheduler implements DomainEventHandler<'rewards.payment-recorded'> {
  readonly name = 'distribution-scheduler';
  readonly handles = ['rewards.payment-recorded'] as const;

  constructor(
    private readonly jobs: JobQueue,
    private readonly rewards: SettlementsRepository,
  ) {}

  async handle(event: DomainEventOf<'rewards.payment-recorded'>): Promise<void> {
    const { settlementId } = event.payload;
    await this.jobs.enqueue(QueueName.Rewards, 'distribute-rewards', { settlementId }, distributionJobId(settlementId));
  }

  // Settlements still PENDING a while after payment get their job back: re-added if it is gone (or
  // orphaned by a Redis that lost its data), retried if it gave up. The job id keeps this from ever
  // queueing a second distribution, and a distribution runs once whatever its jobs do.
  async sweep(olderThan: Date, limit = 500): Promise<{ requeued: number; retried: number }> {
    let requeued = 0;
    let retried = 0;
    for (const settlementId of await this.rewards.pendingSettlements(limit, olderThan)) {
      const outcome = await this.jobs.ensure(QueueName.Rewards, 'distribute-rewards', { settlementId }, distributionJobId(settlementId));
      if (outcome === 'added') requeued++;
      if (outcome === 'retried') retried++;
    }
    return { requeued, retried };
  }
}
