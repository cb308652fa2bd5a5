import type { MigrationInterface, QueryRunner } from 'typeorm';

// Co-op governance: proposals voted one member one vote (the electorate is fixed when a proposal
// opens), votes changeable until the close, binding decisions executed once, treasury spends with
// m-of-n approvals by treasurers, and federations: organizations whose members are organizations.
export class Governance1763700001900 implements MigrationInterface {
  name = 'Governance1763700001900';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organizations DROP CONSTRAINT organizations_kind_check');
    await q.query(
      `ALTER TABLE organizations ADD CONSTRAINT organizations_kind_check CHECK (kind IN ('COOPERATIVE', 'MAKERSPACE', 'DESIGN_COLLECTIVE', 'COMMUNITY', 'FEDERATION'))`,
    );
    await q.query(`
      CREATE TABLE federation_members (
        federation_id uuid NOT NULL REFERENCES organizations(id),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (federation_id, organization_id),
        CHECK (federation_id <> organization_id)
      )`);
    await q.query('CREATE INDEX federation_members_organization_idx ON federation_members (organization_id)');
    await q.query(`
      CREATE TABLE treasury_rules (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id),
        approvals_required integer NOT NULL CHECK (approvals_required BETWEEN 1 AND 20),
        approval_threshold_minor bigint NOT NULL CHECK (approval_threshold_minor >= 0),
        approvals_alone_below boolean NOT NULL,
        updated_by uuid REFERENCES accounts(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        kind text NOT NULL CHECK (kind IN ('REWARD_POLICY_CHANGE', 'TREASURY_SPEND', 'FACILITY_VERIFICATION', 'MEMBERSHIP', 'TEXT')),
        title text NOT NULL,
        body text NOT NULL,
        options text[] NOT NULL,
        decision_rule text NOT NULL CHECK (decision_rule IN ('SIMPLE_MAJORITY', 'TWO_THIRDS', 'CONSENT', 'APPROVALS_ONLY')),
        quorum_bps integer NOT NULL CHECK (quorum_bps BETWEEN 0 AND 10000),
        payload jsonb NOT NULL,
        electorate integer NOT NULL,
        voting_starts_at timestamptz NOT NULL,
        voting_ends_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'PASSED', 'REJECTED', 'NO_QUORUM', 'AWAITING_APPROVALS', 'EXECUTED', 'EXECUTION_FAILED')),
        tally jsonb,
        quorum_reached boolean,
        outcome text,
        execution jsonb,
        execution_error text,
        record_id text REFERENCES contribution_records(id),
        created_by uuid NOT NULL REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        executed_at timestamptz,
        CHECK (voting_ends_at >= voting_starts_at)
      )`);
    await q.query('CREATE INDEX proposals_organization_idx ON proposals (organization_id, created_at DESC)');
    await q.query(`CREATE INDEX proposals_open_idx ON proposals (voting_ends_at) WHERE status = 'OPEN'`);
    // Who may vote: accounts (an organization's members) or organizations (a federation's), fixed
    // when the proposal opens.
    await q.query(`
      CREATE TABLE proposal_electorate (
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        voter_id uuid NOT NULL,
        PRIMARY KEY (proposal_id, voter_id)
      )`);
    await q.query('CREATE INDEX proposal_electorate_voter_idx ON proposal_electorate (voter_id)');
    await q.query(`
      CREATE TABLE votes (
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        voter_id uuid NOT NULL,
        cast_by uuid NOT NULL REFERENCES accounts(id),
        option text NOT NULL,
        reason text,
        record_id text NOT NULL REFERENCES contribution_records(id),
        changes integer NOT NULL DEFAULT 0,
        cast_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (proposal_id, voter_id),
        FOREIGN KEY (proposal_id, voter_id) REFERENCES proposal_electorate (proposal_id, voter_id)
      )`);
    await q.query(`
      CREATE TABLE spend_approvals (
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        account_id uuid NOT NULL REFERENCES accounts(id),
        record_id text NOT NULL REFERENCES contribution_records(id),
        approved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (proposal_id, account_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE spend_approvals');
    await q.query('DROP TABLE votes');
    await q.query('DROP TABLE proposal_electorate');
    await q.query('DROP TABLE proposals');
    await q.query('DROP TABLE treasury_rules');
    await q.query('DROP TABLE federation_members');
    await q.query('ALTER TABLE organizations DROP CONSTRAINT organizations_kind_check');
    await q.query(
      `ALTER TABLE organizations ADD CONSTRAINT organizations_kind_check CHECK (kind IN ('COOPERATIVE', 'MAKERSPACE', 'DESIGN_COLLECTIVE', 'COMMUNITY'))`,
    );
  }
}
