import { Injectable } from '@nestjs/common';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

// Who governs: a federation's member organizations, and an organization's member accounts (read
// for a proposal's electorate).
@Injectable()
export class GovernanceRepository {
  constructor(private readonly sql: Sql) {}

  async federationMembers(federationId: string, tx?: Tx): Promise<string[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('federation_members')
        .select('organization_id')
        .where('federation_id', '=', federationId)
        .orderBy('joined_at')
        .orderBy('organization_id'),
      tx,
    );
    return rows.map((r) => r.organization_id);
  }

  async addFederationMember(tx: Tx, federationId: string, organizationId: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .insertInto('federation_members')
        .values({ federation_id: federationId, organization_id: organizationId })
        .onConflict((oc) => oc.doNothing())
        .returning('organization_id'),
      tx,
    );
    return row !== null;
  }

  async removeFederationMember(tx: Tx, federationId: string, organizationId: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .deleteFrom('federation_members')
        .where('federation_id', '=', federationId)
        .where('organization_id', '=', organizationId)
        .returning('organization_id'),
      tx,
    );
    return row !== null;
  }

  // Account ids of an organization's members (any role), for the electorate.
  async memberAccounts(tx: Tx, organizationId: string): Promise<string[]> {
    const rows = await this.sql.all(
      db.selectFrom('memberships').select('account_id').where('organization_id', '=', organizationId).orderBy('account_id'),
      tx,
    );
    return rows.map((r) => r.account_id);
  }
}
