import type { MigrationInterface, QueryRunner } from 'typeorm';

// Contribution records (signed DAG-JOSE envelopes; the blocks live in the content store and
// these rows index them), their peer validations, and the batches that anchor them on chain.
export class Contributions1763700000900 implements MigrationInterface {
  name = 'Contributions1763700000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE anchor_registries (
        chain_id bigint NOT NULL,
        address text NOT NULL,
        anchorer text NOT NULL,
        deploy_tx text,
        deployed_block bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, address)
      )`);
    await q.query(`
      CREATE TABLE anchor_batches (
        id uuid PRIMARY KEY,
        root_cid text NOT NULL UNIQUE,
        root_digest text NOT NULL,
        num_records integer NOT NULL CHECK (num_records > 0),
        status text NOT NULL CHECK (status IN ('PROCESSING', 'SUBMITTED', 'ANCHORED', 'FAILED', 'REPLACED')),
        chain_id bigint NOT NULL,
        contract_address text,
        tx_hash text,
        raw_tx text,
        tx_nonce bigint,
        block_number bigint,
        block_hash text,
        block_timestamp timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        anchored_at timestamptz
      )`);
    await q.query(`CREATE INDEX anchor_batches_open_idx ON anchor_batches (next_attempt_at) WHERE status <> 'ANCHORED'`);
    await q.query(`CREATE INDEX anchor_batches_anchored_idx ON anchor_batches (block_number) WHERE status = 'ANCHORED'`);
    await q.query(`
      CREATE TABLE contribution_records (
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        id text PRIMARY KEY,
        payload_cid text NOT NULL,
        source text NOT NULL UNIQUE,
        action text NOT NULL,
        provider_did text NOT NULL,
        provider_account_id uuid REFERENCES accounts(id),
        provider_organization_id uuid REFERENCES organizations(id),
        receiver_did text,
        subject text NOT NULL,
        design_id uuid,
        design_version_cid text,
        job_id uuid,
        effort_hours numeric(12, 2),
        note text,
        evidence_cids text[] NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL,
        previous_id text REFERENCES contribution_records(id),
        chain_id text NOT NULL,
        signers text[] NOT NULL,
        validation text NOT NULL CHECK (validation IN ('NOT_REQUIRED', 'PENDING', 'APPROVED', 'REJECTED')),
        validations_required integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PROCESSING', 'ANCHORED', 'FAILED', 'REPLACED')),
        batch_id uuid REFERENCES anchor_batches(id),
        merkle_path text,
        proof_cid text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The batcher takes the oldest records not yet in a batch.
    await q.query(`CREATE INDEX contribution_records_unbatched_idx ON contribution_records (seq) WHERE batch_id IS NULL`);
    await q.query('CREATE INDEX contribution_records_batch_idx ON contribution_records (batch_id)');
    await q.query('CREATE INDEX contribution_records_provider_idx ON contribution_records (provider_did, seq)');
    await q.query('CREATE INDEX contribution_records_org_idx ON contribution_records (provider_organization_id, seq)');
    await q.query('CREATE INDEX contribution_records_design_idx ON contribution_records (design_id, seq)');
    await q.query('CREATE INDEX contribution_records_job_idx ON contribution_records (job_id, seq)');
    await q.query('CREATE INDEX contribution_records_subject_idx ON contribution_records (subject, seq)');
    await q.query(`
      CREATE TABLE contribution_validations (
        record_id text NOT NULL REFERENCES contribution_records(id),
        account_id uuid NOT NULL REFERENCES accounts(id),
        approve boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_id, account_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE contribution_validations');
    await q.query('DROP TABLE contribution_records');
    await q.query('DROP TABLE anchor_batches');
    await q.query('DROP TABLE anchor_registries');
  }
}
