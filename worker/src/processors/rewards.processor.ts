import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';
import { DistributionService } from '../../../api/src/rewards/distribution/distribution.service.js';

// A short lock so a crashed worker's distributions are taken over within seconds; stalls are
// harmless (each distribution is exactly-once by itself), so they are never counted as failures.
@Processor(QueueName.Rewards, { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1000 })
export class RewardsProcessor extends WorkerHost {
  private readonly logger = new Logger(RewardsProcessor.name);

  constructor(private readonly distribution: DistributionService) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.Rewards]>): Promise<string> {
    const outcome = await this.distribution.distribute(job.data.settlementId);
    if (outcome === 'already') this.logger.log({ msg: 'settlement already distributed', settlementId: job.data.settlementId });
    return outcome;
  }
}
