import { Injectable } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEvent } from '../outbox/domain-events.js';

// Every claim schedules its own expiry as a delayed job. The job id names the claim
// (job × claim number), so a redelivered event schedules nothing twice and an old
// claim's timer cannot release a newer claim.
@Injectable()
export class ClaimExpiryScheduler implements DomainEventHandler<'production.job.transitioned'> {
  readonly name = 'claim-expiry-scheduler';
  readonly handles = ['production.job.transitioned'] as const;

  constructor(private readonly jobs: JobQueue) {}

  async handle(event: DomainEvent<'production.job.transitioned'>): Promise<void> {
    const p = event.payload;
    if (p.to !== 'CLAIMED' || !p.claimExpiresAt) return;
    await this.jobs.enqueue(
      QueueName.ClaimExpiry,
      'expire-claim',
      { jobId: p.jobId, claimSeq: p.claimSeq },
      claimExpiryJobId(p.jobId, p.claimSeq),
      {
        delayMs: new Date(p.claimExpiresAt).getTime() - Date.now(),
      },
    );
  }
}

export const claimExpiryJobId = (jobId: string, claimSeq: number) => `claim-expiry:${jobId}:${claimSeq}`;
