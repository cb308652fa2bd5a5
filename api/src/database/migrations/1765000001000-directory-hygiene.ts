import type { MigrationInterface, QueryRunner } from 'typeorm';
import { nameKey } from '../../common/name-key.js';

// Directory hygiene: the profile fields a co-op has edited (a re-import keeps them); every
// directory record a facility stands for (one facility may carry a fablabs.io and an Open
// Know-Where id), with what duplicates are looked for by; and the pairs an import could not
// decide on, for an operator to review.
export class DirectoryHygiene1765000001000 implements MigrationInterface {
  name = 'DirectoryHygiene1765000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facilities ADD COLUMN edited_fields text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE facility_sources (
        source_id text PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        directory text NOT NULL,
        name text NOT NULL,
        name_key text NOT NULL,
        website_hosts text[] NOT NULL DEFAULT '{}',
        country text,
        linked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX facility_sources_facility_idx ON facility_sources (facility_id)');
    await q.query('CREATE INDEX facility_sources_name_key_idx ON facility_sources (name_key)');
    const rows = (await q.query('SELECT id, name, source_id, country FROM facilities WHERE source_id IS NOT NULL')) as Array<{
      id: string;
      name: string;
      source_id: string;
      country: string | null;
    }>;
    for (const r of rows) {
      await q.query(
        `INSERT INTO facility_sources (source_id, facility_id, directory, name, name_key, country) VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.source_id, r.id, r.source_id.split(':')[0], r.name, nameKey(r.name), r.country],
      );
    }
    await q.query(`
      CREATE TABLE facility_duplicate_reviews (
        id uuid PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        source_id text NOT NULL,
        name_similarity double precision NOT NULL,
        distance_km double precision,
        same_website boolean NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','MERGED','DISMISSED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (facility_id, candidate_id)
      )`);
    await q.query(`CREATE INDEX facility_duplicate_reviews_open_idx ON facility_duplicate_reviews (created_at) WHERE status = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE facility_duplicate_reviews');
    await q.query('DROP TABLE facility_sources');
    await q.query('ALTER TABLE facilities DROP COLUMN edited_fields');
  }
}
