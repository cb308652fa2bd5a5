import { Injectable } from '@nestjs/common';
import { isUuid } from '../../common/uuid.js';
import { db, dbNow, Sql, sqlText } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';
import { DEFAULT_MATCHING_POLICY, type MatchingPolicy } from './matching-policy.js';
import {
  countsFromRow,
  policyColumnsSql,
  policyFromRow,
  reliabilityCountsSql,
  windowDaysSql,
  windowJobsSql,
  type CountColumns,
  type PolicyColumns,
} from './reliability-sql.js';
import type { ReliabilityCounts } from './reliability.js';

// Organizations' matching policies (written only when a passed proposal is carried out) and the
// counts behind facilities' reliability.
@Injectable()
export class ReliabilityRepository {
  constructor(private readonly sql: Sql) {}

  async policyOf(organizationId: string, tx?: Tx): Promise<MatchingPolicy> {
    if (!isUuid(organizationId)) return { ...DEFAULT_MATCHING_POLICY };
    const row = await this.sql.first(db.selectFrom('matching_policies').selectAll().where('organization_id', '=', organizationId), tx);
    return row
      ? {
          windowDays: row.window_days,
          windowJobs: row.window_jobs,
          onTimeTarget: row.on_time_target,
          firstDeliveryTarget: row.first_delivery_target,
          probationJobs: row.probation_jobs,
          probationMaxQuantity: row.probation_max_quantity,
          allowOwnRequests: row.allow_own_requests,
        }
      : { ...DEFAULT_MATCHING_POLICY };
  }

  async upsertPolicy(tx: Tx, organizationId: string, p: MatchingPolicy, proposalId: string | null): Promise<void> {
    const values = {
      window_days: p.windowDays,
      window_jobs: p.windowJobs,
      on_time_target: p.onTimeTarget,
      first_delivery_target: p.firstDeliveryTarget,
      probation_jobs: p.probationJobs,
      probation_max_quantity: p.probationMaxQuantity,
      allow_own_requests: p.allowOwnRequests,
      proposal_id: proposalId,
    };
    await this.sql.run(
      db
        .insertInto('matching_policies')
        .values({ organization_id: organizationId, ...values })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...values, updated_at: dbNow() })),
      tx,
    );
  }

  // Each facility's counts under its own organization's policy, with that policy.
  async countsOf(facilityIds: readonly string[]): Promise<Map<string, { counts: ReliabilityCounts; policy: MatchingPolicy }>> {
    const valid = [...new Set(facilityIds.filter(isUuid))];
    if (!valid.length) return new Map();
    const rows = await this.sql.all(
      sqlText<{ id: string } & CountColumns & PolicyColumns>(
        `SELECT f.id, ${policyColumnsSql('p')}, rel.*
           FROM facilities f
           LEFT JOIN matching_policies p ON p.organization_id = f.organization_id
           CROSS JOIN LATERAL ${reliabilityCountsSql('f.id', windowDaysSql('p'), windowJobsSql('p'))} rel
          WHERE f.id = ANY ($1::uuid[])`,
        [valid],
      ),
    );
    return new Map(rows.map((r) => [r.id, { counts: countsFromRow(r), policy: policyFromRow(r) }]));
  }
}
