import type { MigrationInterface, QueryRunner } from 'typeorm';

// Idempotency keys of creating operations: the first request's fingerprint and result,
// recorded in the create's own transaction; the primary key lets one of two concurrent
// requests with the same key create, and the other wait for its result.
export class IdempotencyKeys1763700002300 implements MigrationInterface {
  name = 'IdempotencyKeys1763700002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        operation text NOT NULL,
        key text NOT NULL CHECK (char_length(key) BETWEEN 8 AND 128),
        request_hash text NOT NULL,
        result_ref text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, operation, key)
      )`);
    await q.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}
