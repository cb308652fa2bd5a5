import type { SqlFragment, SqlParams } from '../../database/sql-fragment.js';
import type { NewLedgerTransaction } from '../rewards.types.js';

// A balanced ledger transaction and its entries as statement parts (see database/sql-fragment.ts),
// posted when `when` holds; the database checks the balance at commit as for any other posting.
export function ledgerTransactionInsert(p: SqlParams, name: string, when: string, t: NewLedgerTransaction & { id: string }): SqlFragment {
  return {
    ctes: [
      `${name} AS (
         INSERT INTO ledger_transactions (id, kind, reference, memo, reverses)
         SELECT ${p.add(t.id, 'uuid')}, ${p.add(t.kind, 'text')}, ${p.add(t.reference, 'text')}, ${p.add(t.memo, 'text')}, ${p.add(t.reverses ?? null, 'uuid')} WHERE ${when}
         RETURNING id
       )`,
      `${name}_entries AS (
         INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency, memo)
         SELECT t.id, e.account_id, e.amount, e.currency, e.memo
           FROM ${name} t,
                unnest(${p.add(
                  t.entries.map((e) => e.accountId),
                  'uuid[]',
                )}, ${p.add(
                  t.entries.map((e) => e.amountMinor.toString()),
                  'bigint[]',
                )},
                       ${p.add(
                         t.entries.map((e) => e.currency),
                         'text[]',
                       )}, ${p.add(
                         t.entries.map((e) => e.memo ?? null),
                         'text[]',
                       )}) WITH ORDINALITY AS e(account_id, amount, currency, memo, n)
          ORDER BY e.n
         RETURNING 1
       )`,
    ],
  };
}
