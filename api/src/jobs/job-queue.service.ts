import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName, type JobPayloads } from './queues.js';

// Typed enqueueing: the payload type follows from the queue name, and every job
// carries a deterministic id so a repeated enqueue is a no-op.
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.DomainEvents) domainEvents: Queue,
    @InjectQueue(QueueName.ClaimExpiry) claimExpiry: Queue,
    @InjectQueue(QueueName.Anchoring) anchoring: Queue,
    @InjectQueue(QueueName.CeramicPublish) ceramicPublish: Queue,
    @InjectQueue(QueueName.Rewards) rewards: Queue,
    @InjectQueue(QueueName.Sweeps) sweeps: Queue,
    @InjectQueue(QueueName.Governance) governance: Queue,
  ) {
    this.queues = { [QueueName.DomainEvents]: domainEvents, [QueueName.ClaimExpiry]: claimExpiry, [QueueName.Anchoring]: anchoring, [QueueName.CeramicPublish]: ceramicPublish, [QueueName.Rewards]: rewards, [QueueName.Sweeps]: sweeps, [QueueName.Governance]: governance };
  }

  async enqueue<Q extends QueueName>(queue: Q, name: string, payload: JobPayloads[Q], jobId: string, options: { delayMs?: number } = {}): Promise<void> {
    await this.queues[queue].add(name, payload, { jobId, delay: options.delayMs && options.delayMs > 0 ? Math.ceil(options.delayMs) : undefined });
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  // A real round trip to Redis.
  async ping(): Promise<{ waiting: number }> {
    const counts = await this.queues[QueueName.DomainEvents].getJobCounts('waiting');
    return { waiting: counts.waiting ?? 0 };
  }
}
