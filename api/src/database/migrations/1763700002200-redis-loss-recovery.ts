import type { MigrationInterface, QueryRunner } from 'typeorm';

// What a lost Redis must not lose: an outbox event is done once every handler of its type has run
// (handled_at), not when it reached the queue, so the worker can find events dispatched a while ago
// and never handled, and send them again. The safety nets for settlements and claims read only
// the rows still waiting (partial indexes), so they cost nothing while nothing is lost.
export class RedisLossRecovery1763700002200 implements MigrationInterface {
  name = 'RedisLossRecovery1763700002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox_events ADD COLUMN handled_at timestamptz');
    // Rows dispatched before this column existed are left unhandled: the first sweeps check them
    // against processed_events and mark them handled (or send them again).
    await q.query(
      'CREATE INDEX outbox_events_unhandled_idx ON outbox_events (dispatched_at) WHERE dispatched_at IS NOT NULL AND handled_at IS NULL',
    );
    await q.query('CREATE INDEX outbox_events_handled_idx ON outbox_events (handled_at) WHERE handled_at IS NOT NULL');
    await q.query(`CREATE INDEX settlements_pending_idx ON settlements (created_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX production_jobs_claim_expiry_idx ON production_jobs (claim_expires_at) WHERE status = 'CLAIMED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX production_jobs_claim_expiry_idx');
    await q.query('DROP INDEX settlements_pending_idx');
    await q.query('DROP INDEX outbox_events_handled_idx');
    await q.query('DROP INDEX outbox_events_unhandled_idx');
    await q.query('ALTER TABLE outbox_events DROP COLUMN handled_at');
  }
}
