import type { MigrationInterface, QueryRunner } from 'typeorm';

// The verification ladder: admins of VERIFIED facilities attest other facilities'
// capabilities; enough attestations from distinct organizations make a facility PEER_ATTESTED.
export class FacilityAttestations1763700000700 implements MigrationInterface {
  name = 'FacilityAttestations1763700000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facility_attestations (
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        attester_organization_id uuid NOT NULL REFERENCES organizations(id),
        attester_facility_id uuid NOT NULL REFERENCES facilities(id),
        attester_account_id uuid NOT NULL REFERENCES accounts(id),
        statement text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (facility_id, attester_organization_id)
      )`);
    await q.query(`
      CREATE TABLE facility_verification_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        from_level text NOT NULL,
        to_level text NOT NULL,
        reason text NOT NULL,
        actor_account_id uuid REFERENCES accounts(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX facility_verification_history_facility_idx ON facility_verification_history (facility_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE facility_verification_history');
    await q.query('DROP TABLE facility_attestations');
  }
}
