import type { MigrationInterface, QueryRunner } from 'typeorm';

// cube + earthdistance give great-circle distance with a GiST index (matching).
export class GeoExtensions1763700000000 implements MigrationInterface {
  name = 'GeoExtensions1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS cube');
    await q.query('CREATE EXTENSION IF NOT EXISTS earthdistance');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP EXTENSION IF EXISTS earthdistance');
    await q.query('DROP EXTENSION IF EXISTS cube');
  }
}
