import type { MigrationInterface, QueryRunner } from 'typeorm';

// Rewards: versioned value equations per organization, settlements of job payments, their
// payouts, and a double-entry ledger whose entries are immutable and whose every transaction
// balances (checked by the database at commit, whatever code wrote it).
export class RewardsLedger1763700001100 implements MigrationInterface {
  name = 'RewardsLedger1763700001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('AGENT', 'FUND', 'EXTERNAL')),
        owner_did text,
        organization_id uuid REFERENCES organizations(id),
        fund text,
        currency text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ledger_accounts_identity ON ledger_accounts (kind, coalesce(owner_did, ''), coalesce(organization_id::text, ''), coalesce(fund, ''), currency)`,
    );
    await q.query(`
      CREATE TABLE ledger_transactions (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        reference text NOT NULL UNIQUE,
        memo text NOT NULL,
        reverses uuid REFERENCES ledger_transactions(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ledger_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES ledger_transactions(id),
        account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        currency text NOT NULL,
        memo text
      )`);
    await q.query('CREATE INDEX ledger_entries_account_idx ON ledger_entries (account_id, id)');
    await q.query('CREATE INDEX ledger_entries_transaction_idx ON ledger_entries (transaction_id)');
    await q.query(`
      CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger rows are immutable: post a reversing transaction instead' USING ERRCODE = 'P0001';
      END $$`);
    await q.query(
      'CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_immutable()',
    );
    await q.query(
      'CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_immutable()',
    );
    await q.query(`
      CREATE FUNCTION ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ledger_entries WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount_minor) <> 0) THEN
          RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id USING ERRCODE = 'P0002';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_balanced()`,
    );

    await q.query(`
      CREATE TABLE reward_policies (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        version integer NOT NULL CHECK (version > 0),
        spec jsonb NOT NULL,
        created_by uuid REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        PRIMARY KEY (organization_id, version)
      )`);
    await q.query(`
      CREATE TABLE settlements (
        id uuid PRIMARY KEY,
        job_id uuid NOT NULL UNIQUE REFERENCES production_jobs(id),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        payer_account_id uuid NOT NULL REFERENCES accounts(id),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        policy_version integer NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'DISTRIBUTED')),
        transaction_id uuid REFERENCES ledger_transactions(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        distributed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE payouts (
        settlement_id uuid NOT NULL REFERENCES settlements(id),
        policy_version integer NOT NULL,
        line integer NOT NULL,
        account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        recipient_did text,
        fund text,
        design_id uuid,
        bucket text NOT NULL,
        rule text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        records text[] NOT NULL DEFAULT '{}',
        lineage_path text[],
        PRIMARY KEY (settlement_id, policy_version, line)
      )`);
    await q.query('CREATE INDEX payouts_design_recipient_idx ON payouts (design_id, recipient_did)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payouts');
    await q.query('DROP TABLE settlements');
    await q.query('DROP TABLE reward_policies');
    await q.query('DROP TABLE ledger_entries');
    await q.query('DROP TABLE ledger_transactions');
    await q.query('DROP TABLE ledger_accounts');
    await q.query('DROP FUNCTION ledger_balanced()');
    await q.query('DROP FUNCTION ledger_immutable()');
  }
}
