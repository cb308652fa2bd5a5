import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../../../api/src/config/config.module.js';
import type { AppConfig } from '../../../api/src/config/config.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';
import { ProposalClosingService } from '../../../api/src/governance/proposal-closing.service.js';
import { ProductionJobsService } from '../../../api/src/production/production-jobs.service.js';
import { DistributionScheduler } from '../../../api/src/rewards/distribution/distribution.scheduler.js';
import { IdempotencyService } from '../../../api/src/idempotency/idempotency.service.js';
import { DeliveriesService } from '../../../api/src/federation/deliveries.service.js';
import { FederationService } from '../../../api/src/federation/federation.service.js';

// A claim's expiry job normally fires on time; the sweep takes claims a minute past their window.
const CLAIM_GRACE_MS = 60_000;

@Processor(QueueName.Sweeps, { concurrency: 1 })
export class SweepsProcessor extends WorkerHost {
  private readonly logger = new Logger(SweepsProcessor.name);

  constructor(
    private readonly distribution: DistributionScheduler,
    private readonly proposals: ProposalClosingService,
    private readonly idempotency: IdempotencyService,
    private readonly production: ProductionJobsService,
    private readonly deliveries: DeliveriesService,
    private readonly federation: FederationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.Sweeps]>): Promise<{
    requeued: number;
    retried: number;
    proposalsClosed: number;
    claimsReleased: number;
    idempotencyKeysPurged: number;
    deliveriesRequeued: number;
  }> {
    // A settlement's own job normally runs in seconds; one still PENDING after REDISPATCH_AFTER_SECONDS
    // gets its job back if Redis lost it.
    const result = await this.distribution.sweep(new Date(Date.now() - this.config.outbox.redispatchAfterSeconds * 1000));
    if (result.requeued || result.retried)
      this.logger.warn({ msg: 'pending settlements had lost or failed jobs', sweep: job.data.sweep, ...result });
    // Proposals whose close job was lost, a minute past their window.
    const proposalsClosed = await this.proposals.sweep(new Date(Date.now() - 60_000));
    if (proposalsClosed) this.logger.warn({ msg: 'overdue proposals closed by the sweep', proposalsClosed });
    const claimsReleased = await this.production.expireOverdueClaims(new Date(Date.now() - CLAIM_GRACE_MS));
    if (claimsReleased) this.logger.warn({ msg: 'overdue claims released by the sweep', claimsReleased });
    // Deliveries to other instances whose job was lost.
    const deliveriesRequeued = await this.deliveries.sweep(new Date(Date.now() - this.config.outbox.redispatchAfterSeconds * 1000));
    if (deliveriesRequeued) this.logger.warn({ msg: 'owed deliveries had lost their jobs', deliveriesRequeued });
    // Once an hour, what each followed organization of another instance published meanwhile.
    if (this.config.http.publicUrl) await this.federation.scheduleCatchUp();
    // Idempotency keys past their retention.
    const idempotencyKeysPurged = await this.idempotency.purge();
    return { ...result, proposalsClosed, claimsReleased, idempotencyKeysPurged, deliveriesRequeued };
  }
}
