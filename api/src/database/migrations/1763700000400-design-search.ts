import type { MigrationInterface, QueryRunner } from 'typeorm';

// Catalogue search: full-text over each design's latest version, plus array filters.
export class DesignSearch1763700000400 implements MigrationInterface {
  name = 'DesignSearch1763700000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE design_versions
      ADD COLUMN processes text[] NOT NULL DEFAULT '{}',
      ADD COLUMN materials text[] NOT NULL DEFAULT '{}',
      ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', coalesce(manifest->>'function', '')), 'B')
      ) STORED`);
    await q.query('CREATE INDEX design_versions_search_idx ON design_versions USING gin (search)');
    await q.query('CREATE INDEX design_versions_processes_idx ON design_versions USING gin (processes)');
    await q.query('CREATE INDEX design_versions_materials_idx ON design_versions USING gin (materials)');
    // Browsing newest first walks this index and stops at the page size.
    await q.query('CREATE INDEX design_versions_published_idx ON design_versions (published_at DESC, id DESC)');
    await q.query('ALTER TABLE designs ADD COLUMN latest_version_id uuid REFERENCES design_versions(id)');
    await q.query('CREATE UNIQUE INDEX designs_latest_version_idx ON designs (latest_version_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE designs DROP COLUMN latest_version_id');
    await q.query('ALTER TABLE design_versions DROP COLUMN search, DROP COLUMN materials, DROP COLUMN processes');
  }
}
