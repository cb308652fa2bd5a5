import type { MigrationInterface, QueryRunner } from 'typeorm';

// Catalogue search that scales (design-catalogue.repository.ts): a title-only text vector, small
// enough to test and rank a thousand candidates cheaply, with its own GIN index; and trigram
// matching on titles (pg_trgm) for words typed slightly wrong.
export class DesignSearchScaling1764900001000 implements MigrationInterface {
  name = 'DesignSearchScaling1764900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(`ALTER TABLE design_versions
      ADD COLUMN title_search tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED`);
    await q.query('CREATE INDEX design_versions_title_search_idx ON design_versions USING gin (title_search)');
    await q.query('CREATE INDEX design_versions_title_trgm_idx ON design_versions USING gin (title gin_trgm_ops)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX design_versions_title_trgm_idx');
    await q.query('ALTER TABLE design_versions DROP COLUMN title_search');
    await q.query('DROP EXTENSION IF EXISTS pg_trgm');
  }
}
