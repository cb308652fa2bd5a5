import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';

export const ANCHOR_SCHEDULER_ID = 'anchor-every';
export const SWEEP_SCHEDULER_ID = 'sweep-every';

// States in which a scheduler's next run will still happen.
const LIVE = new Set(['waiting', 'delayed', 'prioritized', 'active']);

// Runs the anchoring loop every ANCHOR_POLL_MS, and the sweeps every minute (more often when
// REDISPATCH_AFTER_SECONDS is shorter). Upserting the scheduler is idempotent, so every worker may
// do it; the queue's global concurrency keeps passes one at a time. The schedulers and that limit
// live in Redis: a timer in the process checks they are still there and puts them back if Redis
// lost them, so the safety nets they run survive it.
@Injectable()
export class Schedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Schedules.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get sweepEveryMs(): number {
    return Math.min(60_000, this.config.outbox.redispatchAfterSeconds * 1000);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.install();
    this.timer = setInterval(() => {
      this.restoreIfLost().catch((err: unknown) => this.logger.error({ msg: 'could not check the job schedulers', err: String(err) }));
    }, this.sweepEveryMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  // True when a scheduler, or the next run it had planned, was missing and both have been put back.
  // A scheduler lives in two places in Redis: its definition, and the delayed job of its next run,
  // which the run itself replaces. A partial loss (a wipe racing the worker, keys deleted in batches)
  // can leave the definition without its next run, and then it never fires again: that counts as lost.
  async restoreIfLost(): Promise<boolean> {
    const [sweep, anchor] = await Promise.all([
      this.scheduled(QueueName.Sweeps, SWEEP_SCHEDULER_ID),
      this.scheduled(QueueName.Anchoring, ANCHOR_SCHEDULER_ID),
    ]);
    if (sweep && anchor) return false;
    await this.install();
    this.logger.warn({ msg: 'job schedulers were missing from Redis (its data was lost?); put back', sweep: !sweep, anchoring: !anchor });
    return true;
  }

  // The scheduler is defined and its next run is waiting, delayed or running.
  private async scheduled(queueName: QueueName, schedulerId: string): Promise<boolean> {
    const queue = this.jobs.queue(queueName);
    const scheduler = await queue.getJobScheduler(schedulerId);
    if (!scheduler?.next) return false;
    const next = await queue.getJob(`repeat:${schedulerId}:${scheduler.next}`);
    return next ? LIVE.has(await next.getState()) : false;
  }

  private async install(): Promise<void> {
    const queue = this.jobs.queue(QueueName.Anchoring);
    await queue.setGlobalConcurrency(1);
    // Safety nets for work whose job was lost or gave up.
    await this.jobs.queue(QueueName.Sweeps).upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.sweepEveryMs },
      {
        name: 'sweep',
        data: { sweep: 'every-minute' },
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 1 },
      },
    );
    await queue.upsertJobScheduler(
      ANCHOR_SCHEDULER_ID,
      { every: this.config.anchoring.pollMs },
      {
        name: 'anchor',
        data: { reason: 'schedule' },
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 }, attempts: 1 },
      },
    );
  }
}
