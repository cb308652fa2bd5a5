import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEventOf } from '../outbox/domain-events.js';
import { AuditRepository } from './audit.repository.js';

const AUDITED = [
  'identity.organization.created',
  'identity.member.added',
  'identity.member.role-changed',
  'identity.member.removed',
] as const;
type Audited = (typeof AUDITED)[number];

// Who acted and on whom, from each audited event's own payload type.
function entry(event: DomainEventOf<Audited>): { actorId: string | null; subjectId: string; details: Record<string, unknown> } {
  switch (event.type) {
    case 'identity.organization.created':
      return { actorId: event.payload.createdBy, subjectId: event.payload.organizationId, details: {} };
    case 'identity.member.added':
    case 'identity.member.role-changed':
      return { actorId: event.payload.actorId, subjectId: event.payload.accountId, details: { role: event.payload.role } };
    case 'identity.member.removed':
      return { actorId: event.payload.actorId, subjectId: event.payload.accountId, details: {} };
  }
}

// Keeps each organization's membership history (who added whom, with which role, when).
@Injectable()
export class AuditHandler implements DomainEventHandler<Audited> {
  readonly name = 'audit-log';
  readonly handles = AUDITED;

  constructor(private readonly audit: AuditRepository) {}

  async handle(event: DomainEventOf<Audited>, tx: Tx): Promise<void> {
    await this.audit.insert(tx, {
      eventId: event.id,
      organizationId: event.payload.organizationId,
      action: event.type,
      ...entry(event),
      occurredAt: new Date(event.occurredAt),
    });
  }
}
