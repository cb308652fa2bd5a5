import type { MigrationInterface, QueryRunner } from 'typeorm';

// Sign-in sessions: every token names one, so signing out (here or everywhere) ends it on the
// server, and a token whose account is gone no longer counts.
export class Sessions1763700002400 implements MigrationInterface {
  name = 'Sessions1763700002400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await q.query('CREATE INDEX sessions_account_idx ON sessions (account_id) WHERE revoked_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sessions');
  }
}
