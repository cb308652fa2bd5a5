import type { SignedChain } from '../../contributions/record-writer.js';
import { latestRecordOf, recordChainInsert } from '../../contributions/record.fragments.js';
import { SqlParams } from '../../database/sql-fragment.js';
import type { NewDomainEvent } from '../../outbox/domain-events.js';
import { eventRows, outboxInsert } from '../../outbox/outbox.fragments.js';
import { settleJob } from '../../production/production.fragments.js';
import type { SettlingJob } from '../../production/production.types.js';
import { ledgerTransactionInsert } from '../ledger/ledger.fragments.js';
import type { NewLedgerTransaction, Payout } from '../rewards.types.js';

// What a distribution writes, decided and signed before its commit.
export interface DistributionWrite {
  settlementId: string;
  asOf: Date;
  transaction: NewLedgerTransaction & { id: string };
  payouts: Payout[];
  chain: SignedChain; // one signed transfer record per payout line
  job: SettlingJob;
  events: NewDomainEvent[]; // the distribution's own; the records' and the job's come with their owners' parts
}

export type DistributionOutcome = { written: true } | { written: false; status: string; latest: { id: string; chainId: string } | null };

// A distribution's commit as one statement (one round trip, atomic on its own), for throughput.
// Rewards writes its own tables here (payouts, settlements, through the ledger's part); every
// other table is written by its owner's part: the payout records and their events by
// contributions, the job's move to SETTLED with its history and event by production's lifecycle,
// all events by the outbox. Every write is guarded by the settlement still being PENDING and
// the job's latest record being the one the chain links to (a unique index on previous_id stops
// a record committed meanwhile from forking the chain); when the guard fails nothing is written
// and the current state comes back. The caps' running totals follow the payout lines at commit (a
// deferred trigger), so their locks are held for the commit alone.
export function settlementStatement(w: DistributionWrite): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const when = 'EXISTS (SELECT 1 FROM guard)';
  const ledger = ledgerTransactionInsert(p, 'ledger_tx', when, w.transaction);
  const records = recordChainInsert(p, 'record_rows', when, w.chain);
  const job = settleJob(p, 'job', when, w.job);
  const events = outboxInsert('events', [records, job, eventRows(p, w.events, when)]);
  const ctes = [
    latestRecordOf(p, 'latest', w.chain.subject),
    `settlement AS (SELECT status FROM settlements WHERE id = ${p.add(w.settlementId, 'uuid')})`,
    `guard AS (SELECT 1 AS ok WHERE (SELECT status FROM settlement) = 'PENDING' AND (SELECT id FROM latest) IS NOT DISTINCT FROM ${p.add(w.chain.previousId, 'text')})`,
    ...ledger.ctes,
    payoutsInsert(p, 'payout_rows', when, w.payouts),
    ...records.ctes,
    ...job.ctes,
    ...events.ctes,
    // distributed_at: stamped again at commit by the last agent line's trigger, after its locks.
    `settled AS (
       UPDATE settlements SET status = 'DISTRIBUTED', transaction_id = ${p.add(w.transaction.id, 'uuid')}, inputs_as_of = ${p.add(w.asOf, 'timestamptz')}, distributed_at = clock_timestamp()
        WHERE id = ${p.add(w.settlementId, 'uuid')} AND ${when} RETURNING id
     )`,
  ];
  const sql = `WITH ${ctes.join(',\n')}
    SELECT (SELECT count(*) FROM settled)::int AS written, (SELECT status FROM settlement) AS status,
           (SELECT json_build_object('id', id, 'chainId', chain_id) FROM latest) AS latest`;
  return { sql, params: p.values };
}

// In recipient order: at commit each agent's line adds to the design's totals (a deferred
// trigger, which also checks the cap), and one lock order means no deadlocks.
function payoutsInsert(p: SqlParams, name: string, when: string, payouts: readonly Payout[]): string {
  const col = <T>(f: (x: Payout) => T, cast: string) => p.add(payouts.map(f), cast);
  return `${name} AS (
    INSERT INTO payouts (settlement_id, policy_version, line, account_id, recipient_did, fund, design_id, bucket, rule, amount_minor, currency, records, lineage_path, cap_minor)
    SELECT x.settlement_id, x.version, x.line, x.account_id, x.did, x.fund, x.design_id, x.bucket, x.rule, x.amount, x.currency,
           string_to_array(x.records, ' '), string_to_array(x.path, ' '), x.cap
      FROM unnest(${col((x) => x.settlementId, 'uuid[]')}, ${col((x) => x.policyVersion, 'int[]')}, ${col((x) => x.line, 'int[]')}, ${col((x) => x.accountId, 'uuid[]')},
                  ${col((x) => x.recipientDid, 'text[]')}, ${col((x) => x.fund, 'text[]')}, ${col((x) => x.designId, 'uuid[]')}, ${col((x) => x.bucket, 'text[]')},
                  ${col((x) => x.rule, 'text[]')}, ${col((x) => x.amountMinor.toString(), 'bigint[]')}, ${col((x) => x.currency, 'text[]')},
                  ${col((x) => x.records.join(' '), 'text[]')}, ${col((x) => (x.lineagePath ? x.lineagePath.join(' ') : null), 'text[]')},
                  ${col((x) => x.capMinor?.toString() ?? null, 'bigint[]')})
           AS x(settlement_id, version, line, account_id, did, fund, design_id, bucket, rule, amount, currency, records, path, cap)
     WHERE ${when}
     ORDER BY x.did NULLS LAST, x.line
    RETURNING 1
  )`;
}
