import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CeramicPublisher } from '../../../api/src/contributions/ceramic/ceramic.publisher.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';

// Retried with the queue's backoff while the Ceramic node is unreachable.
@Processor(QueueName.CeramicPublish, { concurrency: 2 })
export class CeramicPublishProcessor extends WorkerHost {
  private readonly logger = new Logger(CeramicPublishProcessor.name);

  constructor(private readonly publisher: CeramicPublisher) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.CeramicPublish]>): Promise<string> {
    const streamId = await this.publisher.publish(job.data.recordId);
    this.logger.log({ msg: 'record published to Ceramic', recordId: job.data.recordId, streamId });
    return streamId;
  }
}
