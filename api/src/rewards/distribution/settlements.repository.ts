import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { jsonObject, oneOf, present } from '../../database/row-checks.js';
import { db, prepared, Sql, sqlText, type DB } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';
import { FUNDS } from '../policy/policy.js';
import { SETTLEMENT_STATUSES, type Payout, type Settlement } from '../rewards.types.js';
import { settlementStatement, type DistributionOutcome, type DistributionWrite } from './settlement-statement.js';

const toSettlement = (r: Selectable<DB['settlements']>): Settlement => ({
  id: r.id,
  jobId: r.job_id,
  organizationId: r.organization_id,
  payerAccountId: r.payer_account_id,
  amountMinor: BigInt(r.amount_minor),
  currency: r.currency,
  policyVersion: Number(r.policy_version),
  status: oneOf(SETTLEMENT_STATUSES, r.status, 'settlements.status'),
  transactionId: r.transaction_id ?? null,
  createdAt: new Date(r.created_at),
  distributedAt: r.distributed_at ? new Date(r.distributed_at) : null,
  inputsAsOf: r.inputs_as_of ? new Date(r.inputs_as_of) : null,
});

const toPayout = (r: Selectable<DB['payouts']>): Payout => ({
  settlementId: r.settlement_id,
  policyVersion: Number(r.policy_version),
  line: Number(r.line),
  accountId: r.account_id,
  recipientDid: r.recipient_did ?? null,
  fund: r.fund === null ? null : oneOf(FUNDS, r.fund, 'payouts.fund'),
  designId: r.design_id ?? null,
  bucket: r.bucket,
  rule: r.rule,
  amountMinor: BigInt(r.amount_minor),
  currency: r.currency,
  records: r.records ?? [],
  lineagePath: r.lineage_path ?? null,
  capMinor: r.cap_minor === null ? null : BigInt(r.cap_minor),
});

// The distribution statement's one row: how many settlements it wrote, the settlement's status
// and the chain's latest record (json_build_object of contribution_records' id and chain_id).
type CommitRow = { written: number; latest: unknown } & Pick<Selectable<DB['settlements']>, 'status'>;

function latestRecord(value: unknown): { id: string; chainId: string } | null {
  if (value === null) return null;
  const o = jsonObject(typeof value === 'string' ? JSON.parse(value) : value, 'latest record');
  if (typeof o.id !== 'string' || typeof o.chainId !== 'string') throw new Error('latest record has no id and chainId');
  return { id: o.id, chainId: o.chainId };
}

// One parameter for a whole list.
const anyOf = (values: readonly string[]) => raw<string>`ANY(${[...values]})`;

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
  constructor(private readonly sql: Sql) {}

  async insertSettlement(
    tx: Tx,
    s: Omit<Settlement, 'status' | 'transactionId' | 'createdAt' | 'distributedAt' | 'inputsAsOf'>,
  ): Promise<Settlement> {
    const row = await this.sql.first(
      db
        .insertInto('settlements')
        .values({
          id: s.id,
          job_id: s.jobId,
          organization_id: s.organizationId,
          payer_account_id: s.payerAccountId,
          amount_minor: s.amountMinor.toString(),
          currency: s.currency,
          policy_version: s.policyVersion,
          status: 'PENDING',
        })
        .returningAll(),
      tx,
    );
    if (!row) throw new Error('settlements insert returned no row');
    return toSettlement(row);
  }

  // A distribution's commit, one statement (settlement-statement.ts). Outside a transaction (tx
  // undefined) it commits by itself. Prepared: its text is the same for every distribution (lists
  // travel as array parameters), and planning its many parts costs as much as running them.
  async commitDistribution(tx: Tx | undefined, w: DistributionWrite): Promise<DistributionOutcome> {
    const { sql, params } = settlementStatement(w);
    const row = await this.sql.first(prepared(sqlText<CommitRow>(sql, params)), tx);
    if (!row) throw new Error('the distribution statement returned no row');
    return row.written === 1 ? { written: true } : { written: false, status: row.status, latest: latestRecord(row.latest) };
  }

  // For a split the caps bite: these agents' totals rows, locked (created at 0 where missing, so
  // that there is a row to lock), as they stand once every earlier distribution has committed.
  async lockTotals(tx: Tx, designId: string, currency: string, dids: readonly string[]): Promise<Map<string, bigint>> {
    await this.sql.run(
      raw`INSERT INTO design_payout_totals (design_id, recipient_did, currency, paid_minor)
          SELECT ${designId}, d, ${currency}, 0 FROM unnest(${[...dids]}::text[]) AS d ORDER BY d ON CONFLICT DO NOTHING`,
      tx,
    );
    const rows = await this.sql.all(
      db
        .selectFrom('design_payout_totals')
        .select(['recipient_did', 'paid_minor'])
        .where('design_id', '=', designId)
        .where('currency', '=', currency)
        .where('recipient_did', '=', anyOf(dids))
        .orderBy('recipient_did')
        .forUpdate(),
      tx,
    );
    return new Map(rows.map((r) => [r.recipient_did, BigInt(r.paid_minor)]));
  }

  async findSettlement(id: string, tx?: Tx): Promise<Settlement | null> {
    const row = await this.sql.first(db.selectFrom('settlements').selectAll().where('id', '=', id), tx);
    return row ? toSettlement(row) : null;
  }

  async findSettlementOfJob(jobId: string): Promise<Settlement | null> {
    const row = await this.sql.first(db.selectFrom('settlements').selectAll().where('job_id', '=', jobId));
    return row ? toSettlement(row) : null;
  }

  async pendingSettlements(limit: number, createdBefore: Date): Promise<string[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('settlements')
        .select('id')
        .where('status', '=', 'PENDING')
        .where('created_at', '<', createdBefore)
        .orderBy('created_at')
        .limit(limit),
    );
    return rows.map((r) => r.id);
  }

  async payoutsOf(settlementId: string): Promise<Payout[]> {
    const rows = await this.sql.all(db.selectFrom('payouts').selectAll().where('settlement_id', '=', settlementId).orderBy('line'));
    return rows.map(toPayout);
  }

  // What each recipient had been paid from a design by settlements distributed before a moment
  // (recomputation; distributions read the running totals instead).
  async paidFromDesign(designId: string, currency: string, distributedBefore: Date): Promise<Map<string, bigint>> {
    const rows = await this.sql.all(
      db
        .selectFrom('payouts as p')
        .innerJoin('settlements as s', 's.id', 'p.settlement_id')
        .select(['p.recipient_did', raw<string>`sum(p.amount_minor)::text`.as('paid')])
        .where('p.design_id', '=', designId)
        .where('p.currency', '=', currency)
        .where('p.recipient_did', 'is not', null)
        .where('s.distributed_at', '<', distributedBefore)
        .groupBy('p.recipient_did'),
    );
    return new Map(rows.map((r) => [present(r.recipient_did, 'payouts.recipient_did'), BigInt(r.paid)]));
  }

  // Distributed income per period and bucket, summed over recipients: the public aggregate
  // (no person is named). Periods are UTC; only the policy version a settlement was paid by counts.
  async flowsByBucket(organizationId: string, unit: 'day' | 'week' | 'month', from: Date, to: Date): Promise<PayoutFlowRow[]> {
    const rows = await this.sql.all(
      raw<
        Pick<Selectable<DB['payouts']>, 'bucket' | 'currency'> & { period: Date; amount: string; settlements: number }
      >`SELECT date_trunc(${unit}, s.distributed_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period, p.bucket, p.currency,
              sum(p.amount_minor)::text AS amount, count(DISTINCT s.id)::int AS settlements
         FROM settlements s JOIN payouts p ON p.settlement_id = s.id AND p.policy_version = s.policy_version
        WHERE s.organization_id = ${organizationId} AND s.distributed_at >= ${from} AND s.distributed_at < ${to}
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    return rows.map((r) => ({
      periodStart: new Date(r.period),
      bucket: r.bucket,
      currency: r.currency,
      amountMinor: BigInt(r.amount),
      settlements: Number(r.settlements),
    }));
  }
}
