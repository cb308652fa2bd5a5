import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../database/transaction.js';

@Injectable()
export class ProcessedEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // True the first time (event, handler) is seen in a committed transaction.
  async claim(tx: Tx, eventId: string, handler: string): Promise<boolean> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO processed_events (event_id, handler) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId, handler],
    );
    return rows.length === 1;
  }

  // How many events of these aggregates and types, up to `before`, a handler has not processed
  // yet (e.g. a job's steps not yet turned into contribution records).
  async unprocessed(aggregateIds: readonly string[], types: readonly string[], handler: string, before: Date): Promise<number> {
    if (!aggregateIds.length) return 0;
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_events e
        WHERE e.aggregate_id = ANY($1) AND e.type = ANY($2) AND e.occurred_at <= $4
          AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = e.id AND p.handler = $3)`,
      [aggregateIds, types, handler, before],
    );
    return row.n;
  }
}
