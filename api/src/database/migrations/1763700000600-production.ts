import type { MigrationInterface, QueryRunner } from 'typeorm';

// Production requests (a Valueflows intent), the jobs they produce (one per request, or one
// per BOM line plus an assembly in split mode), offers to matched facilities, and the
// history of every job transition. A claim is one conditional UPDATE on production_jobs.
export class Production1763700000600 implements MigrationInterface {
  name = 'Production1763700000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE production_requests (
        id uuid PRIMARY KEY,
        requester_account_id uuid NOT NULL REFERENCES accounts(id),
        requester_organization_id uuid REFERENCES organizations(id),
        design_version_id uuid NOT NULL REFERENCES design_versions(id),
        quantity integer NOT NULL CHECK (quantity > 0),
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        address text,
        radius_km double precision NOT NULL CHECK (radius_km > 0),
        due_date timestamptz NOT NULL,
        budget_minor bigint CHECK (budget_minor >= 0),
        budget_currency text,
        split boolean NOT NULL DEFAULT false,
        note text,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((budget_minor IS NULL) = (budget_currency IS NULL))
      )`);
    await q.query('CREATE INDEX production_requests_requester_idx ON production_requests (requester_account_id, created_at DESC)');
    await q.query('CREATE INDEX production_requests_version_idx ON production_requests (design_version_id)');
    await q.query(`
      CREATE TABLE production_jobs (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES production_requests(id),
        line_key text NOT NULL,
        role text NOT NULL CHECK (role IN ('WHOLE','PART','ASSEMBLY')),
        label text NOT NULL,
        requirement jsonb,
        quantity integer NOT NULL CHECK (quantity > 0),
        estimated_hours numeric NOT NULL CHECK (estimated_hours > 0),
        status text NOT NULL DEFAULT 'OPEN'
          CHECK (status IN ('OPEN','CLAIMED','IN_PRODUCTION','READY','DELIVERED','ACCEPTED','SETTLED','CANCELLED','DISPUTED')),
        proposed_facility_id uuid REFERENCES facilities(id),
        facility_id uuid REFERENCES facilities(id),
        claimed_by uuid REFERENCES accounts(id),
        claimed_at timestamptz,
        claim_expires_at timestamptz,
        claim_seq integer NOT NULL DEFAULT 0,
        evidence_cids text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (request_id, line_key),
        CHECK ((status = 'OPEN') = (facility_id IS NULL) OR status = 'CANCELLED')
      )`);
    // Current load of a facility: the hours of the jobs it has claimed and not yet made.
    await q.query(
      `CREATE INDEX production_jobs_active_idx ON production_jobs (facility_id) INCLUDE (estimated_hours) WHERE status IN ('CLAIMED','IN_PRODUCTION')`,
    );
    await q.query('CREATE INDEX production_jobs_facility_idx ON production_jobs (facility_id, updated_at DESC)');
    await q.query(`
      CREATE TABLE production_offers (
        job_id uuid NOT NULL REFERENCES production_jobs(id),
        facility_id uuid NOT NULL REFERENCES facilities(id),
        rank integer NOT NULL,
        score double precision NOT NULL,
        distance_km double precision NOT NULL,
        load double precision NOT NULL DEFAULT 0,
        reasons text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, facility_id)
      )`);
    await q.query('CREATE INDEX production_offers_facility_idx ON production_offers (facility_id, created_at DESC)');
    await q.query(`
      CREATE TABLE production_job_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES production_jobs(id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        actor_account_id uuid REFERENCES accounts(id),
        facility_id uuid REFERENCES facilities(id),
        evidence_cids text[] NOT NULL DEFAULT '{}',
        note text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX production_job_history_job_idx ON production_job_history (job_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE production_job_history');
    await q.query('DROP TABLE production_offers');
    await q.query('DROP TABLE production_jobs');
    await q.query('DROP TABLE production_requests');
  }
}
