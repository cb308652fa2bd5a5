import type { MigrationInterface, QueryRunner } from 'typeorm';

// An epoch remembers the chain's height when it was built, so finding its publication after a
// crash reads logs from there (a span at a time) rather than from the chain's start. Proposals
// carry no record of their own (their votes and approvals are the signed records). A treasury's
// approval threshold has a currency (minor units alone compare nothing across currencies).
export class EpochBuiltHeight1763700002100 implements MigrationInterface {
  name = 'EpochBuiltHeight1763700002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE reward_epochs ADD COLUMN built_at_block bigint');
    await q.query('ALTER TABLE proposals DROP COLUMN record_id');
    await q.query('ALTER TABLE treasury_rules ADD COLUMN approval_threshold_currency text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE treasury_rules DROP COLUMN approval_threshold_currency');
    await q.query('ALTER TABLE proposals ADD COLUMN record_id text REFERENCES contribution_records(id)');
    await q.query('ALTER TABLE reward_epochs DROP COLUMN built_at_block');
  }
}
