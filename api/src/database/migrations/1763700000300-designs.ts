import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Designs1763700000300 implements MigrationInterface {
  name = 'Designs1763700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE designs (
        id uuid PRIMARY KEY,
        owner_account_id uuid REFERENCES accounts(id),
        owner_organization_id uuid REFERENCES organizations(id),
        title text NOT NULL,
        created_by uuid NOT NULL REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT designs_one_owner CHECK ((owner_account_id IS NULL) <> (owner_organization_id IS NULL))
      )`);
    await q.query('CREATE INDEX designs_owner_org_idx ON designs (owner_organization_id)');
    await q.query(`
      CREATE TABLE design_versions (
        id uuid PRIMARY KEY,
        design_id uuid NOT NULL REFERENCES designs(id),
        cid text NOT NULL,
        root_cid text NOT NULL,
        title text NOT NULL,
        version_label text,
        licence_hardware text NOT NULL,
        licence_documentation text,
        licence_software text,
        licence_class text NOT NULL CHECK (licence_class IN ('ALLOWED','ATTRIBUTION_REQUIRED','SHARE_ALIKE','NON_COMMERCIAL_ONLY','NOT_ALLOWED')),
        manifest jsonb NOT NULL,
        published_by uuid NOT NULL REFERENCES accounts(id),
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT design_versions_cid_key UNIQUE (cid)
      )`);
    await q.query('CREATE INDEX design_versions_design_idx ON design_versions (design_id, published_at DESC)');
    // Remix lineage: a version credits its parents with shares in basis points.
    await q.query(`
      CREATE TABLE design_version_parents (
        version_id uuid NOT NULL REFERENCES design_versions(id),
        parent_id uuid NOT NULL REFERENCES design_versions(id),
        relation text NOT NULL CHECK (relation IN ('DERIVATIVE_OF','VARIANT_OF')),
        share_bps integer NOT NULL CHECK (share_bps BETWEEN 0 AND 10000),
        PRIMARY KEY (version_id, parent_id),
        CHECK (version_id <> parent_id)
      )`);
    await q.query('CREATE INDEX design_version_parents_parent_idx ON design_version_parents (parent_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE design_version_parents');
    await q.query('DROP TABLE design_versions');
    await q.query('DROP TABLE designs');
  }
}
