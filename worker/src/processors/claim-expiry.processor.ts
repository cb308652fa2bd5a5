import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';
import { ProductionJobsService } from '../../../api/src/production/production-jobs.service.js';

@Processor(QueueName.ClaimExpiry, { concurrency: 4 })
export class ClaimExpiryProcessor extends WorkerHost {
  private readonly logger = new Logger(ClaimExpiryProcessor.name);

  constructor(private readonly production: ProductionJobsService) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.ClaimExpiry]>): Promise<boolean> {
    const reopened = await this.production.expireClaim(job.data.jobId, job.data.claimSeq);
    this.logger.log({
      msg: reopened ? 'claim expired; job reopened' : 'claim already started or released',
      jobId: job.data.jobId,
      claimSeq: job.data.claimSeq,
    });
    return reopened;
  }
}
