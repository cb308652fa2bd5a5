import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UnitOfWork } from '../database/transaction.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import type { DomainEvent } from './domain-events.js';
import { OutboxRepository } from './outbox.repository.js';

// The DomainEvents queue carries each stored event whole.
declare module '../jobs/queues.js' {
  interface JobPayloads {
    [QueueName.DomainEvents]: DomainEvent;
  }
}

const BATCH = 100;
// Handled events stay queryable for a week, then go (bounded retention).
const RETENTION_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

export function eventJobId(eventId: string): string {
  return `event-${eventId}`;
}

// Moves committed outbox rows to BullMQ. Rows are locked, enqueued under a job id
// derived from the row id, then marked dispatched in the same transaction: a crash
// before the commit leaves them pending and the next pass re-sends them, which the
// deterministic job id turns into a no-op. Dispatched is not done: OutboxRedispatcher sends again
// what Redis lost before every handler ran.
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;
  private lastPrune = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  // One pass; returns how many events were dispatched.
  async relayOnce(afterEnqueue?: (eventId: string) => void): Promise<number> {
    return this.uow.run(async (tx) => {
      const events = await this.outbox.lockPending(tx, BATCH);
      for (const event of events) {
        await this.jobs.enqueue(QueueName.DomainEvents, event.type, event, eventJobId(event.id));
        afterEnqueue?.(event.id);
      }
      await this.outbox.markDispatched(
        tx,
        events.map((e) => e.id),
      );
      return events.length;
    });
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then(async (n) => {
          if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
            this.lastPrune = Date.now();
            const pruned = await this.outbox.pruneHandled(new Date(Date.now() - RETENTION_MS));
            if (pruned) this.logger.log({ msg: 'pruned handled outbox events', pruned });
          }
          this.schedule(n === BATCH ? 0 : this.config.outbox.pollMs);
        })
        .catch((err: unknown) => {
          this.logger.error({ msg: 'outbox relay pass failed; will retry', err: String(err) });
          this.schedule(Math.max(this.config.outbox.pollMs, 1000));
        });
    }, delay);
  }
}
