import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reliability signals and the rules of fairness.
// - production_jobs keeps when a job was first delivered, accepted and disputed: the on-time and
//   accepted-on-first-delivery rates are counted from these (backfilled from the job history).
// - matching_policies: each organization's matching rules as its members last voted them (the
//   reliability window and targets, probation for new facilities, and whether a member may claim
//   a job they requested). An organization without a row follows the documented defaults.
// - job_evidence_uploads: the files a facility uploaded for a job it holds, and when; only these
//   count as that job's QC evidence.
export class ReliabilityAndFairness1765000004000 implements MigrationInterface {
  name = 'ReliabilityAndFairness1765000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE production_jobs
      ADD COLUMN delivered_at timestamptz,
      ADD COLUMN accepted_at timestamptz,
      ADD COLUMN disputed_at timestamptz`);
    await q.query(`UPDATE production_jobs j
         SET delivered_at = h.delivered, accepted_at = h.accepted, disputed_at = h.disputed
        FROM (SELECT job_id,
                     min(at) FILTER (WHERE to_status = 'DELIVERED') AS delivered,
                     min(at) FILTER (WHERE to_status = 'ACCEPTED') AS accepted,
                     min(at) FILTER (WHERE to_status = 'DISPUTED') AS disputed
                FROM production_job_history GROUP BY job_id) h
       WHERE h.job_id = j.id`);
    await q.query(
      'CREATE INDEX production_jobs_delivered_idx ON production_jobs (facility_id, delivered_at DESC) WHERE delivered_at IS NOT NULL',
    );
    await q.query(`CREATE TABLE matching_policies (
      organization_id uuid PRIMARY KEY REFERENCES organizations(id),
      window_days integer NOT NULL CHECK (window_days > 0),
      window_jobs integer NOT NULL CHECK (window_jobs > 0),
      on_time_target double precision NOT NULL CHECK (on_time_target > 0 AND on_time_target <= 1),
      first_delivery_target double precision NOT NULL CHECK (first_delivery_target > 0 AND first_delivery_target <= 1),
      probation_jobs integer NOT NULL CHECK (probation_jobs >= 0),
      probation_max_quantity integer NOT NULL CHECK (probation_max_quantity > 0),
      allow_own_requests boolean NOT NULL,
      proposal_id uuid REFERENCES proposals(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE job_evidence_uploads (
      job_id uuid NOT NULL REFERENCES production_jobs(id),
      cid text NOT NULL,
      organization_id uuid NOT NULL REFERENCES organizations(id),
      account_id uuid NOT NULL REFERENCES accounts(id),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (job_id, cid)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE job_evidence_uploads');
    await q.query('DROP TABLE matching_policies');
    await q.query('DROP INDEX production_jobs_delivered_idx');
    await q.query('ALTER TABLE production_jobs DROP COLUMN delivered_at, DROP COLUMN accepted_at, DROP COLUMN disputed_at');
  }
}
