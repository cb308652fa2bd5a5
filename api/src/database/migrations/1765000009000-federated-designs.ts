import type { MigrationInterface, QueryRunner } from 'typeorm';

// Designs of other instances, mirrored here from the organizations this instance's co-ops follow.
// A remote design and its versions carry their ActivityPub object's URL (`origin_url`) and the
// actor that published them (`origin_actor_url`); they have no local creator or publisher. A local
// design has neither URL. `federation_deliveries`: every activity this instance owes a remote inbox,
// until it is delivered or has used up its attempts (DEAD, the dead-letter list), so a delivery
// survives a lost queue. `federation_settings` and `federation_blocks`: whether an organization
// approves its followers itself, and the actors it blocked.
export class FederatedDesigns1765000009000 implements MigrationInterface {
  name = 'FederatedDesigns1765000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE designs ADD COLUMN origin_url text, ADD COLUMN origin_actor_url text, ALTER COLUMN created_by DROP NOT NULL`,
    );
    await q.query('ALTER TABLE designs DROP CONSTRAINT designs_one_owner');
    await q.query(`
      ALTER TABLE designs
        ADD CONSTRAINT designs_one_owner CHECK (num_nonnulls(owner_account_id, owner_organization_id, origin_actor_url) = 1),
        ADD CONSTRAINT designs_local_or_remote CHECK (
          (origin_url IS NULL) = (origin_actor_url IS NULL) AND (origin_url IS NULL) = (created_by IS NOT NULL))`);
    await q.query('CREATE UNIQUE INDEX designs_origin_url_key ON designs (origin_url) WHERE origin_url IS NOT NULL');
    await q.query(
      `ALTER TABLE design_versions ADD COLUMN origin_url text, ADD COLUMN origin_actor_url text, ALTER COLUMN published_by DROP NOT NULL`,
    );
    await q.query(`
      ALTER TABLE design_versions ADD CONSTRAINT design_versions_local_or_remote CHECK (
        (origin_url IS NULL) = (origin_actor_url IS NULL) AND (origin_url IS NULL) = (published_by IS NOT NULL))`);
    await q.query(`
      CREATE TABLE federation_deliveries (
        id text PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        activity_id text NOT NULL,
        activity_type text NOT NULL,
        inbox_url text NOT NULL,
        recipient_url text NOT NULL,
        activity jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (activity_id, inbox_url)
      )`);
    // Sovereignty: an organization may approve its followers one by one, and block actors.
    await q.query(`
      CREATE TABLE federation_settings (
        organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
        approves_followers boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE federation_blocks (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        actor_url text NOT NULL,
        created_by uuid REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, actor_url)
      )`);
    await q.query(`CREATE INDEX federation_deliveries_pending_idx ON federation_deliveries (created_at) WHERE status = 'PENDING'`);
    await q.query('CREATE INDEX federation_deliveries_org_idx ON federation_deliveries (organization_id, status, updated_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE federation_blocks');
    await q.query('DROP TABLE federation_settings');
    await q.query('DROP TABLE federation_deliveries');
    await q.query('DELETE FROM design_version_parents WHERE version_id IN (SELECT id FROM design_versions WHERE origin_url IS NOT NULL)');
    await q.query('UPDATE designs SET latest_version_id = NULL WHERE origin_url IS NOT NULL');
    await q.query('DELETE FROM design_versions WHERE origin_url IS NOT NULL');
    await q.query('DELETE FROM designs WHERE origin_url IS NOT NULL');
    await q.query('ALTER TABLE design_versions DROP CONSTRAINT design_versions_local_or_remote');
    await q.query(
      'ALTER TABLE design_versions DROP COLUMN origin_url, DROP COLUMN origin_actor_url, ALTER COLUMN published_by SET NOT NULL',
    );
    await q.query('ALTER TABLE designs DROP CONSTRAINT designs_local_or_remote, DROP CONSTRAINT designs_one_owner');
    await q.query('ALTER TABLE designs DROP COLUMN origin_url, DROP COLUMN origin_actor_url, ALTER COLUMN created_by SET NOT NULL');
    await q.query(
      'ALTER TABLE designs ADD CONSTRAINT designs_one_owner CHECK ((owner_account_id IS NULL) <> (owner_organization_id IS NULL))',
    );
  }
}
