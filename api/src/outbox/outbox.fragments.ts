import type { SqlFragment, SqlParams } from '../database/sql-fragment.js';
import type { NewDomainEvent } from './domain-events.js';

// Statement parts that write the outbox (see database/sql-fragment.ts). Other modules contribute
// rows (a SELECT of type, aggregate_type, aggregate_id, payload and an order n); the outbox alone
// inserts them, in the order of the parts given, then of n, in the statement's transaction.
export function outboxInsert(name: string, parts: ReadonlyArray<SqlFragment | string>): SqlFragment {
  const rows = parts.flatMap((part) => (typeof part === 'string' ? [part] : part.events ? [part.events] : []));
  if (!rows.length) return { ctes: [] };
  const union = rows
    .map((select, i) => `SELECT ${i} AS part, r.* FROM (${select}) AS r(type, aggregate_type, aggregate_id, payload, n)`)
    .join('\n UNION ALL ');
  return {
    ctes: [
      `${name} AS (
         INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, occurred_at)
         SELECT e.type, e.aggregate_type, e.aggregate_id, e.payload, now() FROM (${union}) AS e ORDER BY e.part, e.n
         RETURNING 1
       )`,
    ],
  };
}

// Rows of events known in full before the statement, added only when `when` (an SQL condition) holds.
export function eventRows(p: SqlParams, events: readonly NewDomainEvent[], when = 'true'): string {
  return `SELECT e.type, e.aggregate_type, e.aggregate_id, e.payload::jsonb, e.n
            FROM unnest(${p.add(
              events.map((e) => e.type),
              'text[]',
            )}, ${p.add(
              events.map((e) => e.aggregateType),
              'text[]',
            )}, ${p.add(
              events.map((e) => e.aggregateId),
              'text[]',
            )},
                        ${p.add(
                          events.map((e) => JSON.stringify(e.payload)),
                          'text[]',
                        )}) WITH ORDINALITY AS e(type, aggregate_type, aggregate_id, payload, n)
           WHERE ${when}`;
}
