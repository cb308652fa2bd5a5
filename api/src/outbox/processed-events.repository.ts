import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

@Injectable()
export class ProcessedEventsRepository {
  constructor(private readonly sql: Sql) {}

  // True the first time (event, handler) is seen in a committed transaction.
  async claim(tx: Tx, eventId: string, handler: string): Promise<boolean> {
    const rows = await this.sql.all(
      db
        .insertInto('processed_events')
        .values({ event_id: eventId, handler })
        .onConflict((oc) => oc.doNothing())
        .returning('event_id'),
      tx,
    );
    return rows.length === 1;
  }

  // How many events of these aggregates and types, up to `before`, a handler has not processed
  // yet (e.g. a job's steps not yet turned into contribution records).
  async unprocessed(aggregateIds: readonly string[], types: readonly string[], handler: string, before: Date): Promise<number> {
    if (!aggregateIds.length) return 0;
    const row = await this.sql.first(
      db
        .selectFrom('outbox_events as e')
        .select(raw<number>`count(*)::int`.as('n'))
        .where('e.aggregate_id', '=', raw<string>`ANY(${[...aggregateIds]})`)
        .where('e.type', '=', raw<string>`ANY(${[...types]})`)
        .where('e.occurred_at', '<=', before)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('processed_events as p')
                .select(raw`1`.as('one'))
                .whereRef('p.event_id', '=', 'e.id')
                .where('p.handler', '=', handler),
            ),
          ),
        ),
    );
    return row?.n ?? 0;
  }
}
