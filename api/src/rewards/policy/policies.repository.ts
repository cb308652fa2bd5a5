import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, dbNow, Sql } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';

// Organizations' reward policies, versioned; the one in force is the latest activated.
@Injectable()
export class PoliciesRepository {
  constructor(private readonly sql: Sql) {}

  async activePolicy(organizationId: string, tx?: Tx): Promise<{ version: number; spec: unknown; activatedAt: Date } | null> {
    const row = await this.sql.first(
      db
        .selectFrom('reward_policies')
        .select(['version', 'spec', 'activated_at'])
        .where('organization_id', '=', organizationId)
        .where('activated_at', 'is not', null)
        .orderBy('activated_at', 'desc')
        .orderBy('version', 'desc')
        .limit(1),
      tx,
    );
    return row?.activated_at ? { version: row.version, spec: row.spec, activatedAt: new Date(row.activated_at) } : null;
  }

  async policy(organizationId: string, version: number, tx?: Tx): Promise<unknown> {
    const row = await this.sql.first(
      db.selectFrom('reward_policies').select('spec').where('organization_id', '=', organizationId).where('version', '=', version),
      tx,
    );
    return row?.spec ?? null;
  }

  // Versions are numbered per organization; the lock keeps two new versions from taking one number.
  async insertPolicy(tx: Tx, p: { organizationId: string; spec: unknown; createdBy: string | null; activate: boolean }): Promise<number> {
    await this.sql.run(raw`SELECT pg_advisory_xact_lock(hashtextextended(${p.organizationId}, 11))`, tx);
    const row = await this.sql.first(
      db
        .selectFrom('reward_policies')
        .select(raw<number>`coalesce(max(version), 0) + 1`.as('next'))
        .where('organization_id', '=', p.organizationId),
      tx,
    );
    const next = Number(row?.next ?? 1);
    await this.sql.run(
      db.insertInto('reward_policies').values({
        organization_id: p.organizationId,
        version: next,
        spec: JSON.stringify(p.spec),
        created_by: p.createdBy,
        activated_at: p.activate ? dbNow() : null,
      }),
      tx,
    );
    return next;
  }

  async activatePolicy(tx: Tx, organizationId: string, version: number): Promise<boolean> {
    const rows = await this.sql.all(
      db
        .updateTable('reward_policies')
        .set({ activated_at: dbNow() })
        .where('organization_id', '=', organizationId)
        .where('version', '=', version)
        .returning('version'),
      tx,
    );
    return rows.length === 1;
  }
}
