import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AnchorService, type TickReport } from '../../../api/src/anchoring/anchor.service.js';
import { errorText } from '../../../api/src/chain/chain-writer.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';
import { EpochsService, type EpochTickReport } from '../../../api/src/rewards/epochs/epochs.service.js';

// The chain pass: anchoring, then reward epochs. One pass at a time across all workers (the
// queue's global concurrency is 1, set by the scheduler), so the transactions this instance signs
// never race for a nonce; a pass killed midway is picked up again as a stalled job.
// A short lock: after a crash the next pass waits at most lockDuration + stalledInterval.
@Processor(QueueName.Anchoring, { concurrency: 1, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1000 })
export class AnchoringProcessor extends WorkerHost {
  private readonly logger = new Logger(AnchoringProcessor.name);

  constructor(
    private readonly anchoring: AnchorService,
    private readonly epochs: EpochsService,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.Anchoring]>): Promise<TickReport & { epochs: EpochTickReport | null }> {
    const report = await this.anchoring.tick();
    if (report.batched || report.anchored || report.failed || report.replaced)
      this.logger.log({ msg: 'anchoring pass', reason: job.data.reason, ...report });
    // Epochs never hold up anchoring: a chain or configuration problem is logged and retried next pass.
    const epochs = await this.epochs.tick().catch((err: unknown) => {
      this.logger.error({ msg: 'reward epoch pass failed', err: errorText(err) });
      return null;
    });
    if (epochs && (epochs.built || epochs.published || epochs.claims || epochs.failed))
      this.logger.log({ msg: 'reward epochs pass', ...epochs });
    return { ...report, epochs };
  }
}
