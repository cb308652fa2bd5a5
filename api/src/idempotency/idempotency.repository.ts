import { Injectable } from '@nestjs/common';
import { db, dbNow, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

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

const keyOf = (scope: IdempotencyScope) =>
  db
    .selectFrom('idempotency_keys')
    .where('account_id', '=', scope.accountId)
    .where('operation', '=', scope.operation)
    .where('key', '=', scope.key);

// The only reader and writer of idempotency_keys.
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly sql: Sql) {}

  // A key still in force (younger than `since`), as committed.
  async find(scope: IdempotencyScope, since: Date): Promise<StoredKey | null> {
    const row = await this.sql.first(keyOf(scope).select(['request_hash', 'result_ref', 'created_at']).where('created_at', '>=', since));
    return row ? { requestHash: row.request_hash, resultRef: row.result_ref, createdAt: row.created_at } : null;
  }

  // Takes the key for this transaction: false when another request holds it (a concurrent one
  // waits here on the primary key until the holder commits or rolls back). An expired key is
  // taken over.
  async claim(tx: Tx, scope: IdempotencyScope, requestHash: string, since: Date): Promise<boolean> {
    const rows = await this.sql.all(
      db
        .insertInto('idempotency_keys')
        .values({
          account_id: scope.accountId,
          operation: scope.operation,
          key: scope.key,
          request_hash: requestHash,
          result_ref: null,
          created_at: dbNow(),
        })
        .onConflict((oc) =>
          oc
            .columns(['account_id', 'operation', 'key'])
            .doUpdateSet((eb) => ({ request_hash: eb.ref('excluded.request_hash'), result_ref: null, created_at: dbNow() }))
            .where('idempotency_keys.created_at', '<', since),
        )
        .returning('account_id'),
      tx,
    );
    return rows.length === 1;
  }

  async complete(tx: Tx, scope: IdempotencyScope, resultRef: string): Promise<void> {
    await this.sql.run(
      db
        .updateTable('idempotency_keys')
        .set({ result_ref: resultRef })
        .where('account_id', '=', scope.accountId)
        .where('operation', '=', scope.operation)
        .where('key', '=', scope.key),
      tx,
    );
  }

  async purge(before: Date): Promise<number> {
    const rows = await this.sql.all(db.deleteFrom('idempotency_keys').where('created_at', '<', before).returning('key'));
    return rows.length;
  }
}
