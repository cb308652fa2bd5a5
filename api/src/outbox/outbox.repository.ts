import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { contextToCarry, parseContext } from '../common/logging/request-context.js';
import { managerOf, type Tx } from '../database/transaction.js';
import type { DomainEvent, NewDomainEvent } from './domain-events.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

interface EventRow {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
  context: unknown;
}

const toEvent = (r: EventRow): DomainEvent => {
  const context = parseContext(r.context);
  return {
    id: String(r.id),
    type: r.type,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    occurredAt: new Date(r.occurred_at).toISOString(),
    ...(context ? { context } : {}),
  } as DomainEvent;
};

const carried = (): string | null => {
  const context = contextToCarry();
  return context ? JSON.stringify(context) : null;
};

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Several events in one statement (same rules as append).
  async appendMany(tx: Tx, events: readonly NewDomainEvent[]): Promise<void> {
    if (!events.length) return;
    const now = new Date();
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, occurred_at, context)
       SELECT e.type, e.aggregate_type, e.aggregate_id, e.payload::jsonb, $5, $6::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e(type, aggregate_type, aggregate_id, payload, n) ORDER BY e.n`,
      [
        events.map((e) => e.type),
        events.map((e) => e.aggregateType),
        events.map((e) => e.aggregateId),
        events.map((e) => JSON.stringify(e.payload)),
        now,
        carried(),
      ],
    );
  }

  // Must be called with the transaction of the change the event describes.
  async append(tx: Tx, event: NewDomainEvent): Promise<string> {
    const result = await managerOf(this.dataSource, tx).insert(OutboxEventEntity, {
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: event.payload,
      occurredAt: new Date(),
      dispatchedAt: null,
      context: contextToCarry() ?? null,
    });
    return String(result.identifiers[0]!.id);
  }

  // Locks a batch so concurrent relays never pick the same rows.
  async lockPending(tx: Tx, limit: number): Promise<DomainEvent[]> {
    const rows: EventRow[] = await managerOf(this.dataSource, tx).query(
      `SELECT id, type, aggregate_type, aggregate_id, payload, occurred_at, context
         FROM outbox_events
        WHERE dispatched_at IS NULL
        ORDER BY id
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
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
    const rows: Array<EventRow & { missing: string[] }> = await this.dataSource.query(
      `SELECT e.id, e.type, e.aggregate_type, e.aggregate_id, e.payload, e.occurred_at, e.context,
              ARRAY(SELECT h.handler FROM unnest($2::text[], $3::text[]) AS h(type, handler)
                     WHERE h.type = e.type AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = e.id AND p.handler = h.handler)
                     ORDER BY h.handler) AS missing
         FROM outbox_events e
        WHERE e.dispatched_at IS NOT NULL AND e.handled_at IS NULL AND e.dispatched_at < $1
        ORDER BY e.dispatched_at, e.id
        LIMIT $4`,
      [before, handlers.map((h) => h.type), handlers.map((h) => h.handler), limit],
    );
    return rows.map((r) => ({ event: toEvent(r), missing: r.missing }));
  }

  // Every handler of these events has run.
  async markHandled(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query('UPDATE outbox_events SET handled_at = now() WHERE id = ANY($1::bigint[]) AND handled_at IS NULL', [ids]);
  }

  // Sent to the queue again (or found still waiting there): looked at again a full delay later.
  async markRedispatched(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[]) AND handled_at IS NULL', [
      ids,
    ]);
  }

  async markDispatched(tx: Tx, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await managerOf(this.dataSource, tx).query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  }

  // Handled rows are kept for a while for audit, then pruned (bounded retention). Rows not yet
  // handled stay, whatever their age: they are work still to do.
  async pruneHandled(olderThan: Date): Promise<number> {
    const rows = await this.dataSource.query('DELETE FROM outbox_events WHERE handled_at IS NOT NULL AND handled_at < $1 RETURNING id', [
      olderThan,
    ]);
    return rows.length;
  }
}
