import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Read model for /metrics: counts over other modules' tables, read at scrape time, each served by a
// partial index or a small table so a scrape stays cheap.
@Injectable()
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Outbox events not handled yet (pending or dispatched), and the age of the oldest.
  async outboxLag(): Promise<{ count: number; oldestSeconds: number }> {
    // Two halves, each served by its partial index (pending; dispatched and not handled).
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
         FROM (SELECT occurred_at FROM outbox_events WHERE dispatched_at IS NULL
               UNION ALL
               SELECT occurred_at FROM outbox_events WHERE dispatched_at IS NOT NULL AND handled_at IS NULL) AS unhandled`,
    )) as Array<{ count: number; oldest: number }>;
    return { count: row?.count ?? 0, oldestSeconds: row?.oldest ?? 0 };
  }

  // Anchor batches by status, and records still waiting for a batch.
  async anchoring(): Promise<{ batches: Array<{ status: string; count: number }>; unbatched: number }> {
    const batches = (await this.dataSource.query('SELECT status, count(*)::int AS count FROM anchor_batches GROUP BY status')) as Array<{
      status: string;
      count: number;
    }>;
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS count FROM contribution_records WHERE batch_id IS NULL')) as Array<{
      count: number;
    }>;
    return { batches, unbatched: row?.count ?? 0 };
  }

  // Settlements by status (PENDING waits for its distribution, DISTRIBUTED is done): a count over
  // the whole table, cheap at the platform's scale (one row per paid job).
  async settlements(): Promise<Array<{ status: string; count: number }>> {
    return (await this.dataSource.query('SELECT status, count(*)::int AS count FROM settlements GROUP BY status')) as Array<{
      status: string;
      count: number;
    }>;
  }
}
