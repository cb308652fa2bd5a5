import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { present } from '../database/row-checks.js';
import { db, Sql } from '../database/sql.js';

// A read model over contributions' records for anchoring: those waiting for a batch, and those of
// a batch. Their anchoring state is written through contributions' RecordAnchorsRepository.
@Injectable()
export class BatchRecordsRepository {
  constructor(private readonly sql: Sql) {}

  // How many records wait for a batch, and since when.
  async unbatchedStats(): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.sql.first(
      db
        .selectFrom('contribution_records')
        .select((eb) => [raw<number>`count(*)::int`.as('n'), eb.fn.min('created_at').as('oldest')])
        .where('batch_id', 'is', null),
    );
    return { count: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  async oldestUnbatched(limit: number): Promise<string[]> {
    const rows = await this.sql.all(
      db.selectFrom('contribution_records').select('id').where('batch_id', 'is', null).orderBy('seq').limit(limit),
    );
    return rows.map((r) => r.id);
  }

  async recordsOfBatch(batchId: string): Promise<Array<{ id: string; chainId: string; path: string }>> {
    const rows = await this.sql.all(
      db.selectFrom('contribution_records').select(['id', 'chain_id', 'merkle_path']).where('batch_id', '=', batchId).orderBy('seq'),
    );
    // A record's batch and its path are set by the same statement.
    return rows.map((r) => ({ id: r.id, chainId: r.chain_id, path: present(r.merkle_path, 'contribution_records.merkle_path') }));
  }
}
