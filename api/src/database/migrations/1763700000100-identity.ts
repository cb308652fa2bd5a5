import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1763700000100 implements MigrationInterface {
  name = 'Identity1763700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_keys (
        did text PRIMARY KEY,
        public_key bytea NOT NULL,
        encrypted_secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        did text NOT NULL UNIQUE REFERENCES agent_keys(did),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Emails are stored normalised (lower-case), so a plain unique index is enough.
    await q.query('CREATE UNIQUE INDEX accounts_email_key ON accounts (email)');
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('COOPERATIVE','MAKERSPACE','DESIGN_COLLECTIVE','COMMUNITY')),
        did text NOT NULL UNIQUE REFERENCES agent_keys(did),
        created_by uuid NOT NULL REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('ADMIN','MEMBER','TREASURER')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_org_account_key UNIQUE (organization_id, account_id)
      )`);
    await q.query('CREATE INDEX memberships_account_idx ON memberships (account_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE memberships');
    await q.query('DROP TABLE organizations');
    await q.query('DROP TABLE accounts');
    await q.query('DROP TABLE agent_keys');
  }
}
