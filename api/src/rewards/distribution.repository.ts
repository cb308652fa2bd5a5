import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../database/transaction.js';
import type { SignedChain } from '../contributions/record-writer.js';
import type { NewDomainEvent } from '../outbox/domain-events.js';
import type { Payout } from './rewards.types.js';

export interface DistributionWrite {
  settlementId: string;
  asOf: Date;
  latestRecordId: string | null; // the job's record the payout chain links to
  transaction: { id: string; reference: string; memo: string; entries: Array<{ accountId: string; amountMinor: bigint; memo: string }> };
  currency: string;
  designId: string;
  payouts: Payout[];
  chain: SignedChain;
  job: { id: string; facilityId: string | null; note: string };
  // In order; those marked are written only if the job moves ACCEPTED → SETTLED here.
  events: Array<NewDomainEvent & { onlyIfJobSettles?: boolean }>;
}

export type DistributionOutcome = { written: true } | { written: false; status: string; latest: { id: string; chainId: string } | null };

const RECORD_COLUMNS = `id, payload_cid, source, action, provider_did, provider_account_id, provider_organization_id, receiver_did, subject, design_id,
  design_version_cid, job_id, effort_hours, note, evidence_cids, occurred_at, previous_id, chain_id, signers, validation, validations_required`;

// A distribution's writes, for throughput, in one statement: ledger transaction and entries, payout
// lines, the signed payout records, the job's move to SETTLED with its history, outbox events and
// the settlement's status. The caps' running totals, the only rows distributions of a design share,
// follow the payout lines at commit (a deferred trigger), so their locks are held for the commit
// alone. The tables belong to their modules; their columns are repeated here on purpose, and the
// distribution tests read them back through those modules.
@Injectable()
export class DistributionRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Everything but the caps' running totals, guarded by the settlement still being PENDING and the
  // job's latest record being the one the chain links to (a unique index on previous_id stops a
  // record committed meanwhile from forking the chain). When the guard fails nothing is written
  // and the current state comes back.
  // One statement is atomic on its own: outside a transaction (tx undefined) it commits by itself.
  async commit(tx: Tx | undefined, w: DistributionWrite): Promise<DistributionOutcome> {
    const rows = w.chain.rows;
    const [row] = await managerOf(this.dataSource, tx).query(
      `WITH
       latest AS (SELECT id, chain_id FROM contribution_records WHERE subject = $3 ORDER BY seq DESC LIMIT 1),
       settlement AS (SELECT status FROM settlements WHERE id = $4),
       guard AS (SELECT 1 AS ok WHERE (SELECT status FROM settlement) = 'PENDING' AND (SELECT id FROM latest) IS NOT DISTINCT FROM $5::text),
       ledger_tx AS (
         INSERT INTO ledger_transactions (id, kind, reference, memo) SELECT $6::uuid, 'SETTLEMENT', $7, $8 FROM guard RETURNING id
       ),
       entries AS (
         INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency, memo)
         SELECT ledger_tx.id, e.account_id, e.amount, $2, e.memo
           FROM ledger_tx, unnest($9::uuid[], $10::bigint[], $11::text[]) WITH ORDINALITY AS e(account_id, amount, memo, n) ORDER BY e.n
         RETURNING 1
       ),
       -- In recipient order: at commit each agent's line adds to the design's totals (a deferred
       -- trigger, which also checks the cap), and one lock order means no deadlocks.
       payout_rows AS (
         INSERT INTO payouts (settlement_id, policy_version, line, account_id, recipient_did, fund, design_id, bucket, rule, amount_minor, currency, records, lineage_path, cap_minor)
         SELECT $4, p.version, p.line, p.account_id, p.did, p.fund, $1, p.bucket, p.rule, p.amount, $2, string_to_array(p.records, ' '), string_to_array(p.path, ' '), p.cap
           FROM guard, unnest($12::int[], $13::int[], $14::uuid[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bigint[], $20::text[], $21::text[], $47::bigint[])
                AS p(version, line, account_id, did, fund, bucket, rule, amount, records, path, cap)
          ORDER BY p.did NULLS LAST, p.line
         RETURNING 1
       ),
       -- Payout records: signed by the co-op alone, they need no validation and carry no evidence.
       record_rows AS (
         INSERT INTO contribution_records (${RECORD_COLUMNS})
         SELECT r.id, r.payload_cid, r.source, r.action, r.provider_did, r.provider_account_id, r.provider_organization_id, r.receiver_did, $3, r.design_id,
                r.design_version_cid, r.job_id, r.effort_hours, r.note, '{}', r.occurred_at, r.previous_id, r.chain_id, ARRAY[r.provider_did], 'NOT_REQUIRED', 0
           FROM guard, unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::uuid[], $28::uuid[], $29::text[], $30::uuid[], $31::text[], $32::uuid[],
                              $33::numeric[], $34::text[], $35::timestamptz[], $36::text[], $37::text[]) WITH ORDINALITY
                AS r(id, payload_cid, source, action, provider_did, provider_account_id, provider_organization_id, receiver_did, design_id, design_version_cid, job_id,
                     effort_hours, note, occurred_at, previous_id, chain_id, n)
          ORDER BY r.n
         RETURNING 1
       ),
       job AS (
         UPDATE production_jobs SET status = 'SETTLED', updated_at = now() WHERE id = $38 AND status = 'ACCEPTED' AND EXISTS (SELECT 1 FROM guard) RETURNING id
       ),
       history AS (
         INSERT INTO production_job_history (job_id, from_status, to_status, actor_account_id, facility_id, evidence_cids, note, at)
         SELECT job.id, 'ACCEPTED', 'SETTLED', NULL, $39::uuid, '{}', $40, now() FROM job
         RETURNING 1
       ),
       events AS (
         INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, occurred_at)
         SELECT e.type, e.aggregate_type, e.aggregate_id, e.payload::jsonb, now()
           FROM guard, unnest($41::text[], $42::text[], $43::text[], $44::text[], $45::bool[]) WITH ORDINALITY AS e(type, aggregate_type, aggregate_id, payload, needs_job, n)
          WHERE NOT e.needs_job OR EXISTS (SELECT 1 FROM job)
          ORDER BY e.n
         RETURNING 1
       ),
       settled AS (
         -- distributed_at: stamped again at commit by the last agent line's trigger, after its locks.
         UPDATE settlements SET status = 'DISTRIBUTED', transaction_id = $6::uuid, inputs_as_of = $46, distributed_at = clock_timestamp() WHERE id = $4 AND EXISTS (SELECT 1 FROM guard) RETURNING id
       )
       SELECT (SELECT count(*) FROM settled)::int AS written,
              (SELECT status FROM settlement) AS status,
              (SELECT json_build_object('id', id, 'chainId', chain_id) FROM latest) AS latest`,
      [
        w.designId,
        w.currency,
        w.chain.subject,
        w.settlementId,
        w.latestRecordId,
        w.transaction.id,
        w.transaction.reference,
        w.transaction.memo,
        w.transaction.entries.map((e) => e.accountId),
        w.transaction.entries.map((e) => e.amountMinor.toString()),
        w.transaction.entries.map((e) => e.memo),
        w.payouts.map((p) => p.policyVersion),
        w.payouts.map((p) => p.line),
        w.payouts.map((p) => p.accountId),
        w.payouts.map((p) => p.recipientDid),
        w.payouts.map((p) => p.fund),
        w.payouts.map((p) => p.bucket),
        w.payouts.map((p) => p.rule),
        w.payouts.map((p) => p.amountMinor.toString()),
        w.payouts.map((p) => p.records.join(' ')),
        w.payouts.map((p) => (p.lineagePath ? p.lineagePath.join(' ') : null)),
        rows.map((r) => r.id),
        rows.map((r) => r.payloadCid),
        rows.map((r) => r.source),
        rows.map((r) => r.action),
        rows.map((r) => r.providerDid),
        rows.map((r) => r.providerAccountId),
        rows.map((r) => r.providerOrganizationId),
        rows.map((r) => r.receiverDid),
        rows.map((r) => r.designId),
        rows.map((r) => r.designVersionCid),
        rows.map((r) => r.jobId),
        rows.map((r) => r.effortHours),
        rows.map((r) => r.note),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.previousId),
        rows.map((r) => r.chainId),
        w.job.id,
        w.job.facilityId,
        w.job.note,
        w.events.map((e) => e.type),
        w.events.map((e) => e.aggregateType),
        w.events.map((e) => e.aggregateId),
        w.events.map((e) => JSON.stringify(e.payload)),
        w.events.map((e) => !!e.onlyIfJobSettles),
        w.asOf,
        w.payouts.map((p) => p.capMinor?.toString() ?? null),
      ],
    );
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
}
