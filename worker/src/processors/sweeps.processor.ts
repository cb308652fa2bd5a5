import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';
import { ProposalClosingService } from '../../../api/src/governance/proposal-closing.service.js';
import { DistributionScheduler } from '../../../api/src/rewards/distribution.scheduler.js';
import { IdempotencyService } from '../../../api/src/idempotency/idempotency.service.js';

// A settlement is swept once it has waited this long (its own job normally runs in seconds).
const SETTLEMENT_GRACE_MS = 5 * 60 * 1000;

@Processor(QueueName.Sweeps, { concurrency: 1 })
export class SweepsProcessor extends WorkerHost {
  private readonly logger = new Logger(SweepsProcessor.name);

  constructor(
    private readonly distribution: DistributionScheduler,
    private readonly proposals: ProposalClosingService,
    private readonly idempotency: IdempotencyService,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.Sweeps]>): Promise<{ requeued: number; retried: number; proposalsClosed: number; idempotencyKeysPurged: number }> {
    const result = await this.distribution.sweep(new Date(Date.now() - SETTLEMENT_GRACE_MS));
    if (result.requeued || result.retried) this.logger.warn({ msg: 'pending settlements had lost or failed jobs', sweep: job.data.sweep, ...result });
    // Proposals whose close job was lost, a minute past their window.
    const proposalsClosed = await this.proposals.sweep(new Date(Date.now() - 60_000));
    if (proposalsClosed) this.logger.warn({ msg: 'overdue proposals closed by the sweep', proposalsClosed });
    // Idempotency keys past their retention.
    const idempotencyKeysPurged = await this.idempotency.purge();
    return { ...result, proposalsClosed, idempotencyKeysPurged };
  }
}
