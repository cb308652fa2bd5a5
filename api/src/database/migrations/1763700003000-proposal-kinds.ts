import type { MigrationInterface, QueryRunner } from 'typeorm';

// The kinds of proposal become rows rather than a CHECK: each kind is a plug-in (governance/kinds),
// and the platform registers its kinds here when it starts, so adding one needs no migration while
// the database still refuses a proposal of a kind no handler ever registered.
export class ProposalKinds1763700003000 implements MigrationInterface {
  name = 'ProposalKinds1763700003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE proposal_kinds (
      name text PRIMARY KEY CHECK (name ~ '^[A-Z][A-Z0-9_]*$'),
      registered_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `INSERT INTO proposal_kinds (name) VALUES ('REWARD_POLICY_CHANGE'), ('TREASURY_SPEND'), ('FACILITY_VERIFICATION'), ('MEMBERSHIP'), ('TEXT')`,
    );
    await q.query('INSERT INTO proposal_kinds (name) SELECT DISTINCT kind FROM proposals ON CONFLICT DO NOTHING');
    await q.query('ALTER TABLE proposals DROP CONSTRAINT proposals_kind_check');
    await q.query('ALTER TABLE proposals ADD CONSTRAINT proposals_kind_fkey FOREIGN KEY (kind) REFERENCES proposal_kinds (name)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE proposals DROP CONSTRAINT proposals_kind_fkey');
    await q.query(
      `ALTER TABLE proposals ADD CONSTRAINT proposals_kind_check CHECK (kind IN ('REWARD_POLICY_CHANGE', 'TREASURY_SPEND', 'FACILITY_VERIFICATION', 'MEMBERSHIP', 'TEXT'))`,
    );
    await q.query('DROP TABLE proposal_kinds');
  }
}
