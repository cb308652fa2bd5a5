import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { db, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

export interface AuditEntry {
  eventId: string;
  organizationId: string | null;
  actorId: string | null;
  action: string;
  subjectId: string;
  details: Record<string, unknown>;
  occurredAt: Date;
}

const COLUMNS = ['event_id', 'organization_id', 'actor_id', 'action', 'subject_id', 'details', 'occurred_at'] as const;

@Injectable()
export class AuditRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, entry: AuditEntry): Promise<void> {
    await this.sql.run(
      db.insertInto('audit_log').values({
        event_id: entry.eventId,
        organization_id: entry.organizationId,
        actor_id: entry.actorId,
        action: entry.action,
        subject_id: entry.subjectId,
        details: JSON.stringify(entry.details),
        occurred_at: entry.occurredAt,
      }),
      tx,
    );
  }

  async forOrganization(organizationId: string): Promise<AuditEntry[]> {
    const rows = await this.sql.all(
      db.selectFrom('audit_log').select(COLUMNS).where('organization_id', '=', organizationId).orderBy('event_id', 'asc'),
    );
    return rows.map(toEntry);
  }

  // Newest first by event (the worker may record events out of order); `beforeEventId`
  // is the keyset cursor and `limit` includes one look-ahead row.
  async pageForOrganization(organizationId: string, limit: number, beforeEventId?: string): Promise<AuditEntry[]> {
    let query = db
      .selectFrom('audit_log')
      .select(COLUMNS)
      .where('organization_id', '=', organizationId)
      .orderBy('event_id', 'desc')
      .limit(limit);
    if (beforeEventId) query = query.where('event_id', '<', beforeEventId);
    return (await this.sql.all(query)).map(toEntry);
  }

  async countForOrganization(organizationId: string): Promise<number> {
    const row = await this.sql.first(
      db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organization_id', '=', organizationId),
    );
    return Number(row?.n ?? 0);
  }
}

function toEntry(r: Pick<Selectable<DB['audit_log']>, (typeof COLUMNS)[number]>): AuditEntry {
  return {
    eventId: r.event_id,
    organizationId: r.organization_id,
    actorId: r.actor_id,
    action: r.action,
    subjectId: r.subject_id,
    details: isObject(r.details) ? r.details : {},
    occurredAt: r.occurred_at,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
