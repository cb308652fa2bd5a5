import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';
import type { Fund } from './policy.js';
import type { Payout, Settlement, SettlementStatus } from './rewards.types.js';

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
});

@Injectable()
export class RewardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async activePolicy(organizationId: string, tx?: Tx): Promise<{ version: number; spec: unknown; activatedAt: Date } | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT version, spec, activated_at FROM reward_policies WHERE organization_id = $1 AND activated_at IS NOT NULL ORDER BY activated_at DESC, version DESC LIMIT 1',
      [organizationId],
    );
    return rows[0] ? { version: rows[0].version, spec: rows[0].spec, activatedAt: new Date(rows[0].activated_at) } : null;
  }

  async policy(organizationId: string, version: number, tx?: Tx): Promise<unknown | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT spec FROM reward_policies WHERE organization_id = $1 AND version = $2', [organizationId, version]);
    return rows[0]?.spec ?? null;
  }

  // Versions are numbered per organization; the lock keeps two new versions from taking one number.
  async insertPolicy(tx: Tx, p: { organizationId: string; spec: unknown; createdBy: string | null; activate: boolean }): Promise<number> {
    const m = managerOf(this.dataSource, tx);
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [p.organizationId]);
    const [{ next }] = await m.query('SELECT coalesce(max(version), 0) + 1 AS next FROM reward_policies WHERE organization_id = $1', [p.organizationId]);
    await m.query('INSERT INTO reward_policies (organization_id, version, spec, created_by, activated_at) VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() ELSE NULL END)', [
      p.organizationId,
      next,
      JSON.stringify(p.spec),
      p.createdBy,
      p.activate,
    ]);
    return Number(next);
  }

  async activatePolicy(tx: Tx, organizationId: string, version: number): Promise<boolean> {
    const result = await managerOf(this.dataSource, tx).query('UPDATE reward_policies SET activated_at = now() WHERE organization_id = $1 AND version = $2 RETURNING version', [organizationId, version]);
    return returnedRows(result).length === 1;
  }

  async insertSettlement(tx: Tx, s: Omit<Settlement, 'status' | 'transactionId' | 'createdAt' | 'distributedAt' | 'inputsAsOf'>): Promise<Settlement> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO settlements (id, job_id, organization_id, payer_account_id, amount_minor, currency, policy_version, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING') RETURNING *`,
      [s.id, s.jobId, s.organizationId, s.payerAccountId, s.amountMinor.toString(), s.currency, s.policyVersion],
    );
    return toSettlement(rows[0]);
  }

  async findSettlement(id: string, tx?: Tx): Promise<Settlement | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM settlements WHERE id = $1', [id]);
    return rows[0] ? toSettlement(rows[0]) : null;
  }

  async findSettlementOfJob(jobId: string): Promise<Settlement | null> {
    const rows = await this.dataSource.query('SELECT * FROM settlements WHERE job_id = $1', [jobId]);
    return rows[0] ? toSettlement(rows[0]) : null;
  }

  async lockSettlement(tx: Tx, id: string): Promise<Settlement | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM settlements WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? toSettlement(rows[0]) : null;
  }

  async markDistributed(tx: Tx, id: string, transactionId: string, inputsAsOf: Date): Promise<void> {
    await managerOf(this.dataSource, tx).query(`UPDATE settlements SET status = 'DISTRIBUTED', transaction_id = $2, inputs_as_of = $3 WHERE id = $1`, [id, transactionId, inputsAsOf]);
  }

  // Stamped under the design's lock with the clock (not the transaction's start), so the order of
  // distributed_at is the order in which distributions of a design saw each other's payouts.
  async stampDistributed(tx: Tx, id: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('UPDATE settlements SET distributed_at = clock_timestamp() WHERE id = $1', [id]);
  }

  async pendingSettlements(limit: number, createdBefore: Date): Promise<string[]> {
    const rows = await this.dataSource.query(`SELECT id FROM settlements WHERE status = 'PENDING' AND created_at < $2 ORDER BY created_at LIMIT $1`, [limit, createdBefore]);
    return rows.map((r: { id: string }) => r.id);
  }

  async insertPayouts(tx: Tx, payouts: Payout[]): Promise<void> {
    if (!payouts.length) return;
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO payouts (settlement_id, policy_version, line, account_id, recipient_did, fund, design_id, bucket, rule, amount_minor, currency, records, lineage_path)
       SELECT $1, $2, p.line, p.account_id, p.did, p.fund, p.design_id, p.bucket, p.rule, p.amount, $3, string_to_array(p.records, ' '), string_to_array(p.path, ' ')
         FROM unnest($4::int[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[])
           AS p(line, account_id, did, fund, design_id, bucket, rule, amount, records, path)`,
      [
        payouts[0]!.settlementId,
        payouts[0]!.policyVersion,
        payouts[0]!.currency,
        payouts.map((p) => p.line),
        payouts.map((p) => p.accountId),
        payouts.map((p) => p.recipientDid),
        payouts.map((p) => p.fund),
        payouts.map((p) => p.designId),
        payouts.map((p) => p.bucket),
        payouts.map((p) => p.rule),
        payouts.map((p) => p.amountMinor.toString()),
        payouts.map((p) => p.records.join(' ')),
        payouts.map((p) => (p.lineagePath ? p.lineagePath.join(' ') : null)),
      ],
    );
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

  // The caps' running totals for a design (kept by addToDesignTotals), under the design's lock.
  async designTotals(tx: Tx | undefined, designId: string, currency: string): Promise<Map<string, bigint>> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT recipient_did, paid_minor FROM design_payout_totals WHERE design_id = $1 AND currency = $2', [designId, currency]);
    return new Map(rows.map((r: { recipient_did: string; paid_minor: string }) => [r.recipient_did, BigInt(r.paid_minor)]));
  }

  async addToDesignTotals(tx: Tx, designId: string, currency: string, paid: ReadonlyMap<string, bigint>): Promise<void> {
    if (!paid.size) return;
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO design_payout_totals (design_id, recipient_did, currency, paid_minor)
       SELECT $1, p.did, $2, p.amount FROM unnest($3::text[], $4::bigint[]) AS p(did, amount)
       ON CONFLICT (design_id, recipient_did, currency) DO UPDATE SET paid_minor = design_payout_totals.paid_minor + EXCLUDED.paid_minor`,
      [designId, currency, [...paid.keys()], [...paid.values()].map(String)],
    );
  }

  async lockDesign(tx: Tx, designId: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtextextended($1, 13))', [designId]);
  }
}
