import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, dbNow, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { Proposal, TreasuryRules } from './governance.types.js';
import { toProposal } from './proposal-rows.js';

export type StoredTreasuryRules = Omit<TreasuryRules, 'isDefault'>;

// An organization's rules for spending its funds, the lock its spends are posted under, and the
// spends executed.
@Injectable()
export class TreasuryRepository {
  constructor(private readonly sql: Sql) {}

  async treasuryRules(organizationId: string, tx?: Tx): Promise<StoredTreasuryRules | null> {
    const r = await this.sql.first(db.selectFrom('treasury_rules').selectAll().where('organization_id', '=', organizationId), tx);
    return r
      ? {
          organizationId,
          approvalsRequired: r.approvals_required,
          // bigint is read as a string.
          approvalThresholdMinor: BigInt(r.approval_threshold_minor),
          approvalThresholdCurrency: r.approval_threshold_currency,
          approvalsAloneBelow: r.approvals_alone_below,
        }
      : null;
  }

  async upsertTreasuryRules(tx: Tx, rules: StoredTreasuryRules, by: string): Promise<void> {
    await this.sql.run(
      db
        .insertInto('treasury_rules')
        .values({
          organization_id: rules.organizationId,
          approvals_required: rules.approvalsRequired,
          approval_threshold_minor: rules.approvalThresholdMinor.toString(),
          approval_threshold_currency: rules.approvalThresholdCurrency,
          approvals_alone_below: rules.approvalsAloneBelow,
          updated_by: by,
        })
        .onConflict((oc) =>
          oc.column('organization_id').doUpdateSet((eb) => ({
            approvals_required: eb.ref('excluded.approvals_required'),
            approval_threshold_minor: eb.ref('excluded.approval_threshold_minor'),
            approval_threshold_currency: eb.ref('excluded.approval_threshold_currency'),
            approvals_alone_below: eb.ref('excluded.approvals_alone_below'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: dbNow(),
          })),
        ),
      tx,
    );
  }

  // Treasury spends are serialised per organization, fund and currency: the balance is checked
  // and the transfer posted under this lock.
  async lockFund(tx: Tx, organizationId: string, fund: string, currency: string): Promise<void> {
    await this.sql.run(raw`SELECT pg_advisory_xact_lock(hashtextextended(${`${organizationId}:${fund}:${currency}`}, 19))`, tx);
  }

  // Executed spends of an organization, newest first, with their ledger transactions.
  async executedSpends(organizationId: string, limit: number): Promise<Proposal[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('proposals')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('kind', '=', 'TREASURY_SPEND')
        .where('status', '=', 'EXECUTED')
        .orderBy('executed_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit),
    );
    return rows.map(toProposal);
  }
}
