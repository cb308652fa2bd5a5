import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';
import { DistributionService } from '../../../api/src/rewards/distribution.service.js';

@Processor(QueueName.Rewards, { concurrency: 4 })
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
