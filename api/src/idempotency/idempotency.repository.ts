import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';

export interface IdempotencyScope {
  accountId: string;
  operation: string;
  key: string;
}

export interface StoredKey {
  requestHash: string;
  resultRef: string | null;
  createdAt: Date;
}

// The only reader and writer of idempotency_keys.
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  // A key still in force (younger than `since`), as committed.
  async find(scope: IdempotencyScope, since: Date): Promise<StoredKey | null> {
    const rows: Array<{ request_hash: string; result_ref: string | null; created_at: Date }> = await this.dataSource.query(
      'SELECT request_hash, result_ref, created_at FROM idempotency_keys WHERE account_id = $1 AND operation = $2 AND key = $3 AND created_at >= $4',
      [scope.accountId, scope.operation, scope.key, since],
    );
    const [row] = rows;
    return row ? { requestHash: row.request_hash, resultRef: row.result_ref, createdAt: row.created_at } : null;
  }

  // Takes the key for this transaction: false when another request holds it (a concurrent one
  // waits here on the primary key until the holder commits or rolls back). An expired key is
  // taken over.
  async claim(tx: Tx, scope: IdempotencyScope, requestHash: string, since: Date): Promise<boolean> {
    const result = await managerOf(this.dataSource, tx).query(
      `INSERT INTO idempotency_keys (account_id, operation, key, request_hash, result_ref, created_at)
       VALUES ($1, $2, $3, $4, NULL, now())
       ON CONFLICT (account_id, operation, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, result_ref = NULL, created_at = now()
         WHERE idempotency_keys.created_at < $5
       RETURNING 1 AS claimed`,
      [scope.accountId, scope.operation, scope.key, requestHash, since],
    );
    return returnedRows(result).length === 1;
  }

  async complete(tx: Tx, scope: IdempotencyScope, resultRef: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('UPDATE idempotency_keys SET result_ref = $4 WHERE account_id = $1 AND operation = $2 AND key = $3', [scope.accountId, scope.operation, scope.key, resultRef]);
  }

  async purge(before: Date): Promise<number> {
    const result = await this.dataSource.query('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1', [before]);
    return returnedRows(result).length;
  }
}
