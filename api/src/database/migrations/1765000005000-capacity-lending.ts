import type { MigrationInterface, QueryRunner } from 'typeorm';

// Co-ops lend machine-hours to each other inside a federation. An offer is hours of one process
// (laser cutting, CNC milling, …) at a lending facility, open to the federation's member co-ops
// over a window of time; a subcontract books some of them for a job the borrowing co-op holds
// (a Valueflows commitment: the lender's work for the borrower, in scope of the job). The hours
// themselves are booked on the lender's calendar (calendar_bookings, under the job), so they are
// freed with the job's other bookings. A subcontract is fulfilled when the job is made, and
// cancelled when the job is released, expires or is cancelled.
export class CapacityLending1765000005000 implements MigrationInterface {
  name = 'CapacityLending1765000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE capacity_offers (
        id uuid PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        federation_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        process text NOT NULL,
        hours numeric(10, 2) NOT NULL CHECK (hours > 0),
        available_from timestamptz NOT NULL,
        available_until timestamptz NOT NULL,
        note text,
        offered_by uuid NOT NULL REFERENCES accounts(id),
        offered_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        CHECK (available_until > available_from)
      )`);
    await q.query(
      'CREATE INDEX capacity_offers_federation_idx ON capacity_offers (federation_id, available_until) WHERE withdrawn_at IS NULL',
    );
    await q.query('CREATE INDEX capacity_offers_facility_idx ON capacity_offers (facility_id)');
    await q.query(`
      CREATE TABLE capacity_subcontracts (
        id uuid PRIMARY KEY,
        offer_id uuid NOT NULL REFERENCES capacity_offers(id) ON DELETE CASCADE,
        job_id uuid NOT NULL REFERENCES production_jobs(id) ON DELETE CASCADE,
        claim_seq integer NOT NULL,
        borrower_facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        hours numeric(10, 2) NOT NULL CHECK (hours > 0),
        due timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'COMMITTED' CHECK (status IN ('COMMITTED', 'FULFILLED', 'CANCELLED')),
        committed_by uuid NOT NULL REFERENCES accounts(id),
        committed_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz
      )`);
    await q.query('CREATE INDEX capacity_subcontracts_offer_idx ON capacity_subcontracts (offer_id)');
    await q.query('CREATE INDEX capacity_subcontracts_job_idx ON capacity_subcontracts (job_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE capacity_subcontracts');
    await q.query('DROP TABLE capacity_offers');
  }
}
