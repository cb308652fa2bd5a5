import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import { DomainEventDispatcher } from './domain-event.dispatcher.js';
import { OutboxRepository } from './outbox.repository.js';
import { eventJobId } from './outbox.relay.js';

const BATCH = 500;

export interface RedispatchReport {
  handled: number; // every handler had run: marked handled
  resent: number; // the job was gone (Redis lost it): enqueued again under its id
  retried: number; // the job had given up: retried
  underWay: number; // the job still waits or runs
}

// The outbox's answer to a lost Redis: an event dispatched REDISPATCH_AFTER_SECONDS ago whose
// handlers have not all recorded it in processed_events, and whose job is no longer in the queue,
// is enqueued again under the same job id. processed_events makes a second delivery a no-op for
// every handler that already ran, so a lost Redis costs time, never an effect (or a second one).
// Runs in every worker on a timer of its own, not on a BullMQ schedule, which Redis would lose too.
@Injectable()
export class OutboxRedispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRedispatcher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly dispatcher: DomainEventDispatcher,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Often enough that nothing waits much past the threshold, at most once a minute.
  get intervalMs(): number {
    return Math.min(60_000, this.config.outbox.redispatchAfterSeconds * 1000);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  // One sweep over at most BATCH events (the oldest); the next sweep takes the following ones,
  // since every event looked at here is either handled or re-dated.
  async sweep(now = new Date()): Promise<RedispatchReport> {
    const report: RedispatchReport = { handled: 0, resent: 0, retried: 0, underWay: 0 };
    const before = new Date(now.getTime() - this.config.outbox.redispatchAfterSeconds * 1000);
    const candidates = await this.outbox.unhandledSince(before, this.dispatcher.handlerPairs(), BATCH);
    const done: string[] = [];
    const redated: string[] = [];
    for (const { event, missing } of candidates) {
      if (!missing.length) {
        done.push(event.id);
        continue;
      }
      // Gone, finished without every handler having run (a handler added since), or orphaned: sent
      // again under the same id; the handlers that ran find themselves in processed_events.
      const outcome = await this.jobs.ensure(QueueName.DomainEvents, event.type, event, eventJobId(event.id));
      if (outcome === 'added') report.resent++;
      else if (outcome === 'retried') report.retried++;
      else report.underWay++;
      redated.push(event.id);
    }
    await this.outbox.markHandled(done);
    await this.outbox.markRedispatched(redated);
    report.handled = done.length;
    return report;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then((r) => {
          if (r.resent || r.retried) this.logger.warn({ msg: 'outbox events whose jobs were lost or gave up were sent again', ...r });
        })
        .catch((err: unknown) => this.logger.error({ msg: 'outbox redispatch sweep failed; will retry', err: String(err) }))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }
}
