import type { MigrationInterface, QueryRunner } from 'typeorm';

// The contracts an instance anchors to and publishes epochs to remember the genesis block of the
// chain they were found on: a chain restarted without its state (anvil, a devnet) has a new one, and
// everything recorded against the old chain must be done again (or, where the instance may not
// deploy, fail loudly). Rows from before this migration learn it on their next check.
export class ChainGenesis1763700002250 implements MigrationInterface {
  name = 'ChainGenesis1763700002250';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE anchor_registries ADD COLUMN genesis_hash text');
    await q.query('ALTER TABLE reward_distributors ADD COLUMN genesis_hash text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE reward_distributors DROP COLUMN genesis_hash');
    await q.query('ALTER TABLE anchor_registries DROP COLUMN genesis_hash');
  }
}
