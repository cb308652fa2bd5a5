import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../../database/transaction.js';
import type { Fund } from '../policy/policy.js';
import type { Payout, Settlement, SettlementStatus } from '../rewards.types.js';
import { settlementStatement, type DistributionOutcome, type DistributionWrite } from './settlement-statement.js';

const toSettlement = (r: Record<string, unknown>): Settlement => ({
  id: r.id as string,
  jobId: r.job_id as string,
  organizationId: r.organization_id as string,
  payerAccountId: r.payer_account_id as string,
  amountMinor: BigInt(r.amount_minor as string),
  currency: r.currency as string,
  policyVersion: Number(r.policy_version),
  status: r.status as SettlementStatus,
  transactionId: (r.transaction_id as string | null) ?? null,
  createdAt: new Date(r.created_at as string),
  distributedAt: r.distributed_at ? new Date(r.distributed_at as string) : null,
  inputsAsOf: r.inputs_as_of ? new Date(r.inputs_as_of as string) : null,
});

const toPayout = (r: Record<string, unknown>): Payout => ({
  settlementId: r.settlement_id as string,
  policyVersion: Number(r.policy_version),
  line: Number(r.line),
  accountId: r.account_id as string,
  recipientDid: (r.recipient_did as string | null) ?? null,
  fund: (r.fund as Fund | null) ?? null,
  designId: (r.design_id as string | null) ?? null,
  bucket: r.bucket as string,
  rule: r.rule as string,
  amountMinor: BigInt(r.amount_minor as string),
  currency: r.currency as string,
  records: (r.records as string[]) ?? [],
  lineagePath: (r.lineage_path as string[] | null) ?? null,
  capMinor: r.cap_minor === null || r.cap_minor === undefined ? null : BigInt(r.cap_minor as string),
});

export interface PayoutFlowRow {
  periodStart: Date;
  bucket: string;
  currency: string;
  amountMinor: bigint;
  settlements: number;
}

// Settlements, their payout lines and the caps' running totals.
@Injectable()
export class SettlementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertSettlement(
    tx: Tx,
    s: Omit<Settlement, 'status' | 'transactionId' | 'createdAt' | 'distributedAt' | 'inputsAsOf'>,
  ): Promise<Settlement> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO settlements (id, job_id, organization_id, payer_account_id, amount_minor, currency, policy_version, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING') RETURNING *`,
      [s.id, s.jobId, s.organizationId, s.payerAccountId, s.amountMinor.toString(), s.currency, s.policyVersion],
    );
    return toSettlement(rows[0]);
  }

  // A distribution's commit, one statement (settlement-statement.ts). Outside a transaction (tx
  // undefined) it commits by itself.
  async commitDistribution(tx: Tx | undefined, w: DistributionWrite): Promise<DistributionOutcome> {
    const { sql, params } = settlementStatement(w);
    const [row] = await managerOf(this.dataSource, tx).query(sql, params);
    const latest = row.latest === null ? null : typeof row.latest === 'string' ? JSON.parse(row.latest) : row.latest;
    return row.written === 1 ? { written: true } : { written: false, status: row.status, latest };
  }

  // For a split the caps bite: these agents' totals rows, locked (created at 0 where missing, so
  // that there is a row to lock), as they stand once every earlier distribution has committed.
  async lockTotals(tx: Tx, designId: string, currency: string, dids: readonly string[]): Promise<Map<string, bigint>> {
    const m = managerOf(this.dataSource, tx);
    await m.query(
      `INSERT INTO design_payout_totals (design_id, recipient_did, currency, paid_minor) SELECT $1, d, $2, 0 FROM unnest($3::text[]) AS d ORDER BY d ON CONFLICT DO NOTHING`,
      [designId, currency, dids],
    );
    const rows = await m.query(
      'SELECT recipient_did, paid_minor FROM design_payout_totals WHERE design_id = $1 AND currency = $2 AND recipient_did = ANY($3) ORDER BY recipient_did FOR UPDATE',
      [designId, currency, dids],
    );
    return new Map(rows.map((r: { recipient_did: string; paid_minor: string }) => [r.recipient_did, BigInt(r.paid_minor)]));
  }

  async findSettlement(id: string, tx?: Tx): Promise<Settlement | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM settlements WHERE id = $1', [id]);
    return rows[0] ? toSettlement(rows[0]) : null;
  }

  async findSettlementOfJob(jobId: string): Promise<Settlement | null> {
    const rows = await this.dataSource.query('SELECT * FROM settlements WHERE job_id = $1', [jobId]);
    return rows[0] ? toSettlement(rows[0]) : null;
  }

  async pendingSettlements(limit: number, createdBefore: Date): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT id FROM settlements WHERE status = 'PENDING' AND created_at < $2 ORDER BY created_at LIMIT $1`,
      [limit, createdBefore],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  async payoutsOf(settlementId: string): Promise<Payout[]> {
    const rows = await this.dataSource.query('SELECT * FROM payouts WHERE settlement_id = $1 ORDER BY line', [settlementId]);
    return rows.map(toPayout);
  }

  // What each recipient had been paid from a design by settlements distributed before a moment
  // (recomputation; distributions read the running totals instead).
  async paidFromDesign(designId: string, currency: string, distributedBefore: Date): Promise<Map<string, bigint>> {
    const rows = await this.dataSource.query(
      `SELECT p.recipient_did, sum(p.amount_minor)::text AS paid FROM payouts p JOIN settlements s ON s.id = p.settlement_id
        WHERE p.design_id = $1 AND p.currency = $2 AND p.recipient_did IS NOT NULL AND s.distributed_at < $3 GROUP BY p.recipient_did`,
      [designId, currency, distributedBefore],
    );
    return new Map(rows.map((r: { recipient_did: string; paid: string }) => [r.recipient_did, BigInt(r.paid)]));
  }

  // Distributed income per period and bucket, summed over recipients: the public aggregate
  // (no person is named). Periods are UTC; only the policy version a settlement was paid by counts.
  async flowsByBucket(organizationId: string, unit: 'day' | 'week' | 'month', from: Date, to: Date): Promise<PayoutFlowRow[]> {
    const rows = await this.dataSource.query(
      `SELECT date_trunc($2, s.distributed_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period, p.bucket, p.currency,
              sum(p.amount_minor)::text AS amount, count(DISTINCT s.id)::int AS settlements
         FROM settlements s JOIN payouts p ON p.settlement_id = s.id AND p.policy_version = s.policy_version
        WHERE s.organization_id = $1 AND s.distributed_at >= $3 AND s.distributed_at < $4
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [organizationId, unit, from, to],
    );
    return rows.map((r: { period: string; bucket: string; currency: string; amount: string; settlements: number }) => ({
      periodStart: new Date(r.period),
      bucket: r.bucket,
      currency: r.currency,
      amountMinor: BigInt(r.amount),
      settlements: Number(r.settlements),
    }));
  }
}
