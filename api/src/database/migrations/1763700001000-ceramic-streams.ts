import type { MigrationInterface, QueryRunner } from 'typeorm';

// The Ceramic stream that mirrors a record, when a Ceramic node is configured.
export class CeramicStreams1763700001000 implements MigrationInterface {
  name = 'CeramicStreams1763700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE contribution_records ADD COLUMN ceramic_stream_id text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE contribution_records DROP COLUMN ceramic_stream_id');
  }
}
