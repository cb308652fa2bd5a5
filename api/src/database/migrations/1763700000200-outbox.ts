import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1763700000200 implements MigrationInterface {
  name = 'Outbox1763700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    // The relay only ever scans undispatched rows.
    await q.query('CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE dispatched_at IS NULL');
    // Consumers record what they handled so a redelivered event has no second effect.
    await q.query(`
      CREATE TABLE processed_events (
        event_id bigint NOT NULL,
        handler text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, handler)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        event_id bigint NOT NULL UNIQUE,
        organization_id uuid,
        actor_id uuid,
        action text NOT NULL,
        subject_id text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX audit_log_org_idx ON audit_log (organization_id, event_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log');
    await q.query('DROP TABLE processed_events');
    await q.query('DROP TABLE outbox_events');
  }
}
