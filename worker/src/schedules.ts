import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';

export const ANCHOR_SCHEDULER_ID = 'anchor-every';
export const SWEEP_SCHEDULER_ID = 'sweep-every';

// Runs the anchoring loop every ANCHOR_POLL_MS, and the sweeps every minute. Upserting the scheduler is idempotent, so
// every worker may do it; the queue's global concurrency keeps passes one at a time.
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.jobs.queue(QueueName.Anchoring);
    await queue.setGlobalConcurrency(1);
    // Safety nets, every minute.
    await this.jobs
      .queue(QueueName.Sweeps)
      .upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: 60_000 }, { name: 'sweep', data: { sweep: 'every-minute' }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 1 } });
    await queue.upsertJobScheduler(
      ANCHOR_SCHEDULER_ID,
      { every: this.config.anchoring.pollMs },
      { name: 'anchor', data: { reason: 'schedule' }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 }, attempts: 1 } },
    );
  }
}
