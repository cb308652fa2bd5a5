import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reward epochs: unpaid balances of people with a linked wallet, gathered on a schedule into a
// StandardMerkleTree whose root is published to a RewardDistributor; the leaves (with their
// proofs) let each person claim on chain, and claims seen on chain are posted back to the ledger.
// Balances move through a CLEARING account (claimable on chain, not yet claimed).
export class RewardEpochs1763700001500 implements MigrationInterface {
  name = 'RewardEpochs1763700001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check');
    await q.query(
      `ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check CHECK (kind IN ('AGENT', 'FUND', 'EXTERNAL', 'CLEARING'))`,
    );
    await q.query(`
      CREATE TABLE reward_distributors (
        chain_id integer NOT NULL,
        address text NOT NULL,
        token text NOT NULL,
        publisher text NOT NULL,
        deploy_tx text,
        deployed_block bigint,
        claims_scanned_to bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, address)
      )`);
    await q.query(`
      CREATE TABLE reward_epochs (
        id uuid PRIMARY KEY,
        chain_id integer NOT NULL,
        distributor text NOT NULL,
        number integer NOT NULL CHECK (number > 0),
        token text NOT NULL,
        token_decimals integer NOT NULL,
        currency text NOT NULL,
        root text NOT NULL,
        leaves integer NOT NULL CHECK (leaves > 0),
        total_minor bigint NOT NULL CHECK (total_minor > 0),
        total_units numeric(78, 0) NOT NULL,
        ledger_transaction_id uuid NOT NULL REFERENCES ledger_transactions(id),
        status text NOT NULL CHECK (status IN ('BUILT', 'AWAITING_FUNDS', 'SUBMITTED', 'PUBLISHED', 'FAILED')),
        tx_hash text,
        raw_tx text,
        tx_nonce integer,
        block_number bigint,
        block_hash text,
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (chain_id, distributor, number),
        FOREIGN KEY (chain_id, distributor) REFERENCES reward_distributors (chain_id, address)
      )`);
    await q.query(`CREATE INDEX reward_epochs_open_idx ON reward_epochs (status) WHERE status <> 'PUBLISHED'`);
    await q.query(`
      CREATE TABLE reward_epoch_leaves (
        epoch_id uuid NOT NULL REFERENCES reward_epochs(id),
        leaf integer NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts(id),
        ledger_account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        address text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        amount_units numeric(78, 0) NOT NULL,
        proof text[] NOT NULL,
        claim_tx text,
        claim_block bigint,
        claimed_at timestamptz,
        claim_transaction_id uuid REFERENCES ledger_transactions(id),
        PRIMARY KEY (epoch_id, leaf),
        UNIQUE (epoch_id, address)
      )`);
    await q.query('CREATE INDEX reward_epoch_leaves_account_idx ON reward_epoch_leaves (account_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reward_epoch_leaves');
    await q.query('DROP TABLE reward_epochs');
    await q.query('DROP TABLE reward_distributors');
    await q.query('ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check');
    await q.query(`ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check CHECK (kind IN ('AGENT', 'FUND', 'EXTERNAL'))`);
  }
}
