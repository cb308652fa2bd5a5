import type { MigrationInterface, QueryRunner } from 'typeorm';

// Every organization gets a handle, its name on the fediverse (@handle@host): lowercase letters,
// digits and underscores, at most 30 characters (Mastodon's limit), unique on the instance.
// Existing organizations take their name's slug; where two share it, the later ones add a short
// suffix from their id.
export class OrganizationHandles1765000006000 implements MigrationInterface {
  name = 'OrganizationHandles1765000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organizations ADD COLUMN handle text');
    await q.query(`
      WITH slugs AS (
        SELECT id, left(trim(both '_' from lower(regexp_replace(name, '[^A-Za-z0-9]+', '_', 'g'))), 23) AS slug,
               row_number() OVER (PARTITION BY left(trim(both '_' from lower(regexp_replace(name, '[^A-Za-z0-9]+', '_', 'g'))), 23)
                                  ORDER BY created_at, id) AS n
          FROM organizations
      )
      UPDATE organizations o
         SET handle = CASE WHEN s.n = 1 AND s.slug <> '' THEN s.slug
                           ELSE trim(both '_' from s.slug || '_' || substr(replace(o.id::text, '-', ''), 1, 6)) END
        FROM slugs s WHERE s.id = o.id`);
    await q.query('ALTER TABLE organizations ALTER COLUMN handle SET NOT NULL');
    await q.query(`ALTER TABLE organizations ADD CONSTRAINT organizations_handle_format CHECK (handle ~ '^[a-z0-9_]{1,30}$')`);
    await q.query('CREATE UNIQUE INDEX organizations_handle_key ON organizations (handle)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organizations DROP COLUMN handle');
  }
}
