import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEvent, DomainEventType } from '../outbox/domain-events.js';
import { AuditRepository } from './audit.repository.js';

// Keeps each organization's membership history (who added whom, with which role, when).
@Injectable()
export class AuditHandler implements DomainEventHandler {
  readonly name = 'audit-log';
  readonly handles: readonly DomainEventType[] = [
    'identity.organization.created',
    'identity.member.added',
    'identity.member.role-changed',
    'identity.member.removed',
  ];

  constructor(private readonly audit: AuditRepository) {}

  async handle(event: DomainEvent, tx: Tx): Promise<void> {
    const p = event.payload as { organizationId: string; accountId?: string; actorId?: string; createdBy?: string; role?: string };
    await this.audit.insert(tx, {
      eventId: event.id,
      organizationId: p.organizationId,
      actorId: p.actorId ?? p.createdBy ?? null,
      action: event.type,
      subjectId: p.accountId ?? p.organizationId,
      details: p.role ? { role: p.role } : {},
      occurredAt: new Date(event.occurredAt),
    });
  }
}
