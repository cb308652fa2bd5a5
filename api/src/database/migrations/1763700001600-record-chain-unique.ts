import type { MigrationInterface, QueryRunner } from 'typeorm';

// A subject's records form one chain: no two records may link the same previous one. Writers
// already append under the subject's lock; this makes a fork impossible whatever the writer.
export class RecordChainUnique1763700001600 implements MigrationInterface {
  name = 'RecordChainUnique1763700001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE UNIQUE INDEX contribution_records_previous_key ON contribution_records (previous_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX contribution_records_previous_key');
  }
}
