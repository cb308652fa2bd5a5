import { Injectable } from '@nestjs/common';
import { sql as raw, type RawBuilder, type Selectable } from 'kysely';
import { contextToCarry, parseContext } from '../common/logging/request-context.js';
import { jsonObject } from '../database/row-checks.js';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { DomainEvent, NewDomainEvent } from './domain-events.js';

const EVENT_COLUMNS = ['id', 'type', 'aggregate_type', 'aggregate_id', 'payload', 'occurred_at', 'context'] as const;

type EventRow = Pick<Selectable<DB['outbox_events']>, (typeof EVENT_COLUMNS)[number]>;

const toEvent = (r: EventRow): DomainEvent => {
  const context = parseContext(r.context);
  // The type and payload were written together from one NewDomainEvent (append), so the pair
  // still matches; the payload is checked to be the object every event type carries.
  const stored = { type: r.type, payload: jsonObject(r.payload, 'outbox_events.payload') } as Pick<DomainEvent, 'type' | 'payload'>;
  return {
    id: String(r.id),
    ...stored,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    ...(context ? { context } : {}),
  };
};

const carried = (): string | null => {
  const context = contextToCarry();
  return context ? JSON.stringify(context) : null;
};

// One parameter for a whole batch of ids (outbox ids are bigint, kept as strings to stay exact).
const anyId = (ids: readonly string[]): RawBuilder<string> => raw<string>`ANY(${[...ids]}::bigint[])`;

@Injectable()
export class OutboxRepository {
  constructor(private readonly sql: Sql) {}

  // Several events in one statement (same rules as append).
  async appendMany(tx: Tx, events: readonly NewDomainEvent[]): Promise<void> {
    if (!events.length) return;
    const now = new Date();
    await this.sql.run(
      raw`INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, occurred_at, context)
       SELECT e.type, e.aggregate_type, e.aggregate_id, e.payload::jsonb, ${now}, ${carried()}::jsonb
         FROM unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => e.aggregateType)}::text[],
                     ${events.map((e) => e.aggregateId)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::text[])
              WITH ORDINALITY AS e(type, aggregate_type, aggregate_id, payload, n)
        ORDER BY e.n`,
      tx,
    );
  }

  // Must be called with the transaction of the change the event describes.
  async append(tx: Tx, event: NewDomainEvent): Promise<string> {
    const row = await this.sql.first(
      db
        .insertInto('outbox_events')
        .values({
          type: event.type,
          aggregate_type: event.aggregateType,
          aggregate_id: event.aggregateId,
          payload: JSON.stringify(event.payload),
          occurred_at: new Date(),
          dispatched_at: null,
          context: carried(),
        })
        .returning('id'),
      tx,
    );
    if (!row) throw new Error('outbox_events insert returned no id');
    return String(row.id);
  }

  // Locks a batch so concurrent relays never pick the same rows.
  async lockPending(tx: Tx, limit: number): Promise<DomainEvent[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('outbox_events')
        .select(EVENT_COLUMNS)
        .where('dispatched_at', 'is', null)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
      tx,
    );
    return rows.map(toEvent);
  }

  // Events that left for the queue before `before` and are not handled yet, oldest first, each
  // with the handlers (of `handlers`, pairs of event type and handler name) that have not recorded
  // it in processed_events. Reads only unhandled rows (a partial index), at most `limit`.
  async unhandledSince(
    before: Date,
    handlers: ReadonlyArray<{ type: string; handler: string }>,
    limit: number,
  ): Promise<Array<{ event: DomainEvent; missing: string[] }>> {
    const rows = await this.sql.all(
      raw<EventRow & { missing: string[] }>`SELECT e.id, e.type, e.aggregate_type, e.aggregate_id, e.payload, e.occurred_at, e.context,
              ARRAY(SELECT h.handler FROM unnest(${handlers.map((h) => h.type)}::text[], ${handlers.map((h) => h.handler)}::text[]) AS h(type, handler)
                     WHERE h.type = e.type AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = e.id AND p.handler = h.handler)
                     ORDER BY h.handler) AS missing
         FROM outbox_events e
        WHERE e.dispatched_at IS NOT NULL AND e.handled_at IS NULL AND e.dispatched_at < ${before}
        ORDER BY e.dispatched_at, e.id
        LIMIT ${limit}`,
    );
    return rows.map((r) => ({ event: toEvent(r), missing: r.missing }));
  }

  // Every handler of these events has run.
  async markHandled(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await this.sql.run(
      db.updateTable('outbox_events').set({ handled_at: dbNow() }).where('id', '=', anyId(ids)).where('handled_at', 'is', null),
    );
  }

  // Sent to the queue again (or found still waiting there): looked at again a full delay later.
  async markRedispatched(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await this.sql.run(
      db.updateTable('outbox_events').set({ dispatched_at: dbNow() }).where('id', '=', anyId(ids)).where('handled_at', 'is', null),
    );
  }

  async markDispatched(tx: Tx, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.run(db.updateTable('outbox_events').set({ dispatched_at: dbNow() }).where('id', '=', anyId(ids)), tx);
  }

  // Handled rows are kept for a while for audit, then pruned (bounded retention). Rows not yet
  // handled stay, whatever their age: they are work still to do.
  async pruneHandled(olderThan: Date): Promise<number> {
    const rows = await this.sql.all(
      db.deleteFrom('outbox_events').where('handled_at', 'is not', null).where('handled_at', '<', olderThan).returning('id'),
    );
    return rows.length;
  }
}
