import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, Sql } from '../database/sql.js';

const count = raw<number>`count(*)::int`;

// Read model for /metrics: counts over other modules' tables, read at scrape time, each served by a
// partial index or a small table so a scrape stays cheap.
@Injectable()
export class MetricsRepository {
  constructor(private readonly sql: Sql) {}

  // Outbox events not handled yet (pending or dispatched), and the age of the oldest.
  async outboxLag(): Promise<{ count: number; oldestSeconds: number }> {
    // Two halves, each served by its partial index (pending; dispatched and not handled).
    const row = await this.sql.first(
      raw<{
        count: number;
        oldest: number;
      }>`SELECT count(*)::int AS count, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
         FROM (SELECT occurred_at FROM outbox_events WHERE dispatched_at IS NULL
               UNION ALL
               SELECT occurred_at FROM outbox_events WHERE dispatched_at IS NOT NULL AND handled_at IS NULL) AS unhandled`,
    );
    return { count: row?.count ?? 0, oldestSeconds: row?.oldest ?? 0 };
  }

  // Anchor batches by status, and records still waiting for a batch.
  async anchoring(): Promise<{ batches: Array<{ status: string; count: number }>; unbatched: number }> {
    const batches = await this.sql.all(
      db
        .selectFrom('anchor_batches')
        .select(['status', count.as('count')])
        .groupBy('status'),
    );
    const row = await this.sql.first(db.selectFrom('contribution_records').select(count.as('count')).where('batch_id', 'is', null));
    return { batches, unbatched: row?.count ?? 0 };
  }

  // Settlements by status (PENDING waits for its distribution, DISTRIBUTED is done): a count over
  // the whole table, cheap at the platform's scale (one row per paid job).
  async settlements(): Promise<Array<{ status: string; count: number }>> {
    return this.sql.all(
      db
        .selectFrom('settlements')
        .select(['status', count.as('count')])
        .groupBy('status'),
    );
  }
}
