import type { MigrationInterface, QueryRunner } from 'typeorm';

// The caps' running totals follow the payout lines inside the database: each line paid to an agent
// is added to design_payout_totals when its transaction commits (a deferred constraint trigger), and
// the commit fails (SQLSTATE P0003) if that takes the agent past the cap the line was computed
// under (payouts.cap_minor; null: uncapped). Distributions of one design share only these rows, so
// their locks are now held for the commit alone, and the totals equal the sum of the lines whatever
// wrote them. The last line's trigger stamps the settlement's distributed_at after every one of its
// totals rows is locked: among settlements paying the same agent, that order is the commit order.
export class PayoutTotalsAtCommit1763700001700 implements MigrationInterface {
  name = 'PayoutTotalsAtCommit1763700001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE payouts ADD COLUMN cap_minor bigint');
    await q.query(`
      CREATE FUNCTION payouts_add_to_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total bigint;
      BEGIN
        INSERT INTO design_payout_totals (design_id, recipient_did, currency, paid_minor)
        VALUES (NEW.design_id, NEW.recipient_did, NEW.currency, NEW.amount_minor)
        ON CONFLICT (design_id, recipient_did, currency) DO UPDATE SET paid_minor = design_payout_totals.paid_minor + EXCLUDED.paid_minor
        RETURNING paid_minor INTO total;
        IF NEW.cap_minor IS NOT NULL AND total > NEW.cap_minor THEN
          RAISE EXCEPTION 'payouts to % from design % would pass the cap of % (now %)', NEW.recipient_did, NEW.design_id, NEW.cap_minor, total USING ERRCODE = 'P0003';
        END IF;
        UPDATE settlements SET distributed_at = clock_timestamp() WHERE id = NEW.settlement_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER payouts_totals AFTER INSERT ON payouts DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.recipient_did IS NOT NULL AND NEW.design_id IS NOT NULL) EXECUTE FUNCTION payouts_add_to_totals()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER payouts_totals ON payouts');
    await q.query('DROP FUNCTION payouts_add_to_totals()');
    await q.query('ALTER TABLE payouts DROP COLUMN cap_minor');
  }
}
