import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../../database/transaction.js';

// Organizations' reward policies, versioned; the one in force is the latest activated.
@Injectable()
export class PoliciesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async activePolicy(organizationId: string, tx?: Tx): Promise<{ version: number; spec: unknown; activatedAt: Date } | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT version, spec, activated_at FROM reward_policies WHERE organization_id = $1 AND activated_at IS NOT NULL ORDER BY activated_at DESC, version DESC LIMIT 1',
      [organizationId],
    );
    return rows[0] ? { version: rows[0].version, spec: rows[0].spec, activatedAt: new Date(rows[0].activated_at) } : null;
  }

  async policy(organizationId: string, version: number, tx?: Tx): Promise<unknown> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT spec FROM reward_policies WHERE organization_id = $1 AND version = $2',
      [organizationId, version],
    );
    return rows[0]?.spec ?? null;
  }

  // Versions are numbered per organization; the lock keeps two new versions from taking one number.
  async insertPolicy(tx: Tx, p: { organizationId: string; spec: unknown; createdBy: string | null; activate: boolean }): Promise<number> {
    const m = managerOf(this.dataSource, tx);
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [p.organizationId]);
    const [{ next }] = await m.query('SELECT coalesce(max(version), 0) + 1 AS next FROM reward_policies WHERE organization_id = $1', [
      p.organizationId,
    ]);
    await m.query(
      'INSERT INTO reward_policies (organization_id, version, spec, created_by, activated_at) VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() ELSE NULL END)',
      [p.organizationId, next, JSON.stringify(p.spec), p.createdBy, p.activate],
    );
    return Number(next);
  }

  async activatePolicy(tx: Tx, organizationId: string, version: number): Promise<boolean> {
    const result = await managerOf(this.dataSource, tx).query(
      'UPDATE reward_policies SET activated_at = now() WHERE organization_id = $1 AND version = $2 RETURNING version',
      [organizationId, version],
    );
    return returnedRows(result).length === 1;
  }
}
