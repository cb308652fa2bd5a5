import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEvent, SubcontractEvent } from '../outbox/domain-events.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { ACTIVE_STATUSES } from '../production/job-lifecycle.js';
import type { JobStatus } from '../production/production.types.js';
import { LendingRepository } from './lending.repository.js';
import type { Subcontract } from './lending.types.js';

// When a job leaves its claimed statuses, its subcontracts settle in the same transaction that
// marks the event handled: made (READY) fulfils them, and the lender's co-op is then credited by a
// work record (contributions/capture/subcontract-fulfilled.capture.ts); released, expired or
// cancelled cancels them. The lent hours on the lender's calendar were already freed with the
// job's own bookings. A redelivered event finds nothing left to settle.
@Injectable()
export class SubcontractSettlementHandler implements DomainEventHandler<'production.job.transitioned'> {
  readonly name = 'subcontract-settlement';
  readonly handles = ['production.job.transitioned'] as const;

  constructor(
    private readonly repository: LendingRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async handle(event: DomainEvent<'production.job.transitioned'>, tx: Tx): Promise<void> {
    const p = event.payload;
    const [from, to] = [p.from as JobStatus, p.to as JobStatus];
    if (!ACTIVE_STATUSES.includes(from) || ACTIVE_STATUSES.includes(to)) return;
    const made = to !== 'OPEN' && to !== 'CANCELLED';
    const settled = await this.repository.settle(tx, p.jobId, p.claimSeq, made ? 'FULFILLED' : 'CANCELLED');
    for (const s of settled) {
      const common = subcontractEvent(s);
      if (made) {
        await this.outbox.append(tx, {
          type: 'lending.subcontract-fulfilled',
          aggregateType: 'capacity_subcontract',
          aggregateId: s.id,
          payload: { ...common, designVersionCid: p.designVersionCid, lenderFacilityId: s.lenderFacilityId, offeredBy: s.offeredBy },
        });
      } else {
        await this.outbox.append(tx, {
          type: 'lending.subcontract-cancelled',
          aggregateType: 'capacity_subcontract',
          aggregateId: s.id,
          payload: common,
        });
      }
    }
  }
}

function subcontractEvent(s: Subcontract): SubcontractEvent {
  return {
    subcontractId: s.id,
    offerId: s.offerId,
    jobId: s.jobId,
    lenderOrganizationId: s.lenderOrganizationId,
    borrowerOrganizationId: s.borrowerOrganizationId,
    process: s.process,
    hours: s.hours.toFixed(2),
    due: s.due.toISOString(),
    actorId: null,
  };
}
