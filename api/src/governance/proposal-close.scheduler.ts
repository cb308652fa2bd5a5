import { Injectable } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEvent } from '../outbox/domain-events.js';

// BullMQ refuses ':' in custom ids (outside its own three-part form).
export const closeProposalJobId = (proposalId: string) => `close-proposal-${proposalId}`;

// Every proposal put to a vote schedules its own close, a delayed job named after it: a
// redelivered event schedules nothing twice.
@Injectable()
export class ProposalCloseScheduler implements DomainEventHandler<'governance.proposal-opened'> {
  readonly name = 'proposal-close-scheduler';
  readonly handles = ['governance.proposal-opened'] as const;

  constructor(private readonly jobs: JobQueue) {}

  async handle(event: DomainEvent<'governance.proposal-opened'>): Promise<void> {
    const p = event.payload;
    if (p.status !== 'OPEN') return;
    await this.jobs.enqueue(QueueName.Governance, 'close-proposal', { proposalId: p.proposalId }, closeProposalJobId(p.proposalId), {
      delayMs: new Date(p.votingEndsAt).getTime() - Date.now(),
    });
  }
}
