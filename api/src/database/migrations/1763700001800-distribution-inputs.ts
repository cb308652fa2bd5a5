import type { MigrationInterface, QueryRunner } from 'typeorm';

// What a distribution reads, at a cost that does not grow with a design's history: the effort each
// agent put into a design (the caps' basis) kept as a running total by the database as records are
// written and validated; the design's own records (not a job's) through a partial index; and a
// job's or design's outbox events (are they all captured yet?) through an index on the aggregate.
export class DistributionInputs1763700001800 implements MigrationInterface {
  name = 'DistributionInputs1763700001800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE design_effort (
        design_id uuid NOT NULL,
        provider_did text NOT NULL,
        hours numeric NOT NULL,
        PRIMARY KEY (design_id, provider_did)
      )`);
    await q.query(`
      INSERT INTO design_effort (design_id, provider_did, hours)
      SELECT design_id, provider_did, sum(effort_hours) FROM contribution_records
       WHERE design_id IS NOT NULL AND effort_hours IS NOT NULL AND validation IN ('NOT_REQUIRED', 'APPROVED')
       GROUP BY design_id, provider_did`);
    // Counted: hours of records that need no validation or were approved.
    await q.query(`
      CREATE FUNCTION contribution_records_effort() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        delta numeric := CASE WHEN NEW.validation IN ('NOT_REQUIRED', 'APPROVED') THEN NEW.effort_hours ELSE 0 END;
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.validation IN ('NOT_REQUIRED', 'APPROVED') THEN
          delta := delta - OLD.effort_hours;
        END IF;
        IF delta <> 0 THEN
          INSERT INTO design_effort (design_id, provider_did, hours) VALUES (NEW.design_id, NEW.provider_did, delta)
          ON CONFLICT (design_id, provider_did) DO UPDATE SET hours = design_effort.hours + EXCLUDED.hours;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER contribution_records_effort_insert AFTER INSERT ON contribution_records
      FOR EACH ROW WHEN (NEW.design_id IS NOT NULL AND NEW.effort_hours IS NOT NULL) EXECUTE FUNCTION contribution_records_effort()`);
    await q.query(`
      CREATE TRIGGER contribution_records_effort_update AFTER UPDATE OF validation ON contribution_records
      FOR EACH ROW WHEN (NEW.design_id IS NOT NULL AND NEW.effort_hours IS NOT NULL AND OLD.validation IS DISTINCT FROM NEW.validation) EXECUTE FUNCTION contribution_records_effort()`);
    await q.query('CREATE INDEX contribution_records_design_own_idx ON contribution_records (design_id, seq) WHERE job_id IS NULL');
    await q.query('CREATE INDEX outbox_events_aggregate_idx ON outbox_events (aggregate_id, type)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX outbox_events_aggregate_idx');
    await q.query('DROP INDEX contribution_records_design_own_idx');
    await q.query('DROP TRIGGER contribution_records_effort_update ON contribution_records');
    await q.query('DROP TRIGGER contribution_records_effort_insert ON contribution_records');
    await q.query('DROP FUNCTION contribution_records_effort()');
    await q.query('DROP TABLE design_effort');
  }
}
