import type { MigrationInterface, QueryRunner } from 'typeorm';

// The moment a distribution read its inputs, so a recomputation can read the same ones; and
// payout lines become as immutable as the ledger.
export class SettlementSnapshot1763700001200 implements MigrationInterface {
  name = 'SettlementSnapshot1763700001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE settlements ADD COLUMN inputs_as_of timestamptz');
    // Payout lines are written once, like the ledger transaction they explain.
    await q.query('CREATE TRIGGER payouts_immutable BEFORE UPDATE OR DELETE ON payouts FOR EACH ROW EXECUTE FUNCTION ledger_immutable()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER payouts_immutable ON payouts');
    await q.query('ALTER TABLE settlements DROP COLUMN inputs_as_of');
  }
}
