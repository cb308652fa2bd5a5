import type { MigrationInterface, QueryRunner } from 'typeorm';

// The public flow charts read an organization's distributed settlements by date.
export class PayoutFlows1763700002000 implements MigrationInterface {
  name = 'PayoutFlows1763700002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX settlements_organization_distributed_idx ON settlements (organization_id, distributed_at) WHERE distributed_at IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX settlements_organization_distributed_idx');
  }
}
