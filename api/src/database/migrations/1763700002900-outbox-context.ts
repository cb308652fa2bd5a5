import type { MigrationInterface, QueryRunner } from 'typeorm';

// The request id and trace context of the change an event describes, carried to the job that
// handles it so the worker's log lines and spans join the request's.
export class OutboxContext1763700002900 implements MigrationInterface {
  name = 'OutboxContext1763700002900';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox_events ADD COLUMN context jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox_events DROP COLUMN context');
  }
}
