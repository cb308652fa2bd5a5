import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AnchorService, type TickReport } from '../../../api/src/anchoring/anchor.service.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';

// One anchoring pass at a time across all workers (the queue's global concurrency is 1, set by
// the scheduler); a pass killed midway is picked up again as a stalled job.
// A short lock: after a crash the next pass waits at most lockDuration + stalledInterval.
@Processor(QueueName.Anchoring, { concurrency: 1, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1000 })
export class AnchoringProcessor extends WorkerHost {
  private readonly logger = new Logger(AnchoringProcessor.name);

  constructor(private readonly anchoring: AnchorService) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.Anchoring]>): Promise<TickReport> {
    const report = await this.anchoring.tick();
    if (report.batched || report.anchored || report.failed || report.replaced) this.logger.log({ msg: 'anchoring pass', reason: job.data.reason, ...report });
    return report;
  }
}
