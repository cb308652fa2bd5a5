import type { MigrationInterface, QueryRunner } from 'typeorm';

// Catalogue search that scales (design-catalogue.repository.ts): a title-only text vector, small
// enough to test and rank a window of candidates cheaply, with its own GIN index; and trigram
// matching on titles (pg_trgm) for words typed slightly wrong. The catalogue's GIN indexes take new
// entries straight into the index (fastupdate off): with the default pending list, every search
// scans the entries not yet merged one by one, and after a batch of publications a search took
// several times longer until the next vacuum. Designs are published far less often than searched.
const EARLIER_GIN_INDEXES = ['design_versions_search_idx', 'design_versions_processes_idx', 'design_versions_materials_idx'];

export class DesignSearchScaling1764900001000 implements MigrationInterface {
  name = 'DesignSearchScaling1764900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(`ALTER TABLE design_versions
      ADD COLUMN title_search tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED`);
    await q.query('CREATE INDEX design_versions_title_search_idx ON design_versions USING gin (title_search) WITH (fastupdate = off)');
    await q.query('CREATE INDEX design_versions_title_trgm_idx ON design_versions USING gin (title gin_trgm_ops) WITH (fastupdate = off)');
    for (const index of EARLIER_GIN_INDEXES) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      await q.query(`SELECT gin_clean_pending_list('${index}')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of EARLIER_GIN_INDEXES) await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
    await q.query('DROP INDEX design_versions_title_trgm_idx');
    await q.query('ALTER TABLE design_versions DROP COLUMN title_search');
    await q.query('DROP EXTENSION IF EXISTS pg_trgm');
  }
}
