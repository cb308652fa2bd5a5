import type { MigrationInterface, QueryRunner } from 'typeorm';

// Running totals of what each recipient has been paid from each design: what capped returns are
// checked against, kept in step with the payout lines by the distribution that writes them.
export class DesignPayoutTotals1763700001300 implements MigrationInterface {
  name = 'DesignPayoutTotals1763700001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE design_payout_totals (
        design_id uuid NOT NULL,
        recipient_did text NOT NULL,
        currency text NOT NULL,
        paid_minor bigint NOT NULL CHECK (paid_minor >= 0),
        PRIMARY KEY (design_id, recipient_did, currency)
      )`);
    await q.query(`
      INSERT INTO design_payout_totals (design_id, recipient_did, currency, paid_minor)
      SELECT design_id, recipient_did, currency, sum(amount_minor) FROM payouts
       WHERE design_id IS NOT NULL AND recipient_did IS NOT NULL GROUP BY design_id, recipient_did, currency`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE design_payout_totals');
  }
}
