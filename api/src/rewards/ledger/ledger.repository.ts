import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { oneOf } from '../../database/row-checks.js';
import { db, Sql, type DB } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';
import { LEDGER_ACCOUNT_KINDS, type LedgerAccount, type LedgerEntry, type NewLedgerTransaction } from '../rewards.types.js';

type AccountRow = Pick<Selectable<DB['ledger_accounts']>, 'id' | 'kind' | 'owner_did' | 'organization_id' | 'fund' | 'currency' | 'name'>;

const toAccount = (r: AccountRow): LedgerAccount => ({
  id: r.id,
  kind: oneOf(LEDGER_ACCOUNT_KINDS, r.kind, 'ledger_accounts.kind'),
  ownerDid: r.owner_did ?? null,
  organizationId: r.organization_id ?? null,
  fund: r.fund ?? null,
  currency: r.currency,
  name: r.name,
});

// One parameter for a whole list of ids.
const anyOf = (ids: readonly string[]) => raw<string>`ANY(${[...ids]})`;

// The double-entry ledger. Inserts only: the database refuses updates and deletes of entries and
// transactions, and refuses at commit any transaction whose entries do not sum to zero per currency.
@Injectable()
export class LedgerRepository {
  // Account ids ensured outside any transaction are committed, and accounts are never deleted, so
  // they are kept (bounded) for the life of the process.
  private readonly committedIds = new Map<string, string>();

  constructor(private readonly sql: Sql) {}

  // The ids of these accounts, creating any that are missing in their own (committed) statements,
  // before the caller's transaction; returned in the order asked.
  async ensureAccountIds(accounts: ReadonlyArray<Omit<LedgerAccount, 'id'>>): Promise<string[]> {
    const key = (a: Omit<LedgerAccount, 'id'>) =>
      [a.kind, a.ownerDid ?? '', a.organizationId ?? '', a.fund ?? '', a.currency].join('\u0000');
    const missing = accounts.filter((a) => !this.committedIds.has(key(a)));
    if (missing.length) {
      const ensured = await this.ensureAccounts(undefined, missing);
      if (this.committedIds.size + ensured.length > 100_000) this.committedIds.clear();
      missing.forEach((a, i) => this.committedIds.set(key(a), ensured[i]!.id));
    }
    return accounts.map((a) => this.committedIds.get(key(a))!);
  }

  // Several accounts in two statements; returned in the order asked.
  async ensureAccounts(tx: Tx | undefined, accounts: ReadonlyArray<Omit<LedgerAccount, 'id'>>): Promise<LedgerAccount[]> {
    const kinds = accounts.map((a) => a.kind);
    const owners = accounts.map((a) => a.ownerDid);
    const organizations = accounts.map((a) => a.organizationId);
    const funds = accounts.map((a) => a.fund);
    const currencies = accounts.map((a) => a.currency);
    const names = accounts.map((a) => a.name);
    await this.sql.run(
      raw`INSERT INTO ledger_accounts (id, kind, owner_did, organization_id, fund, currency, name)
       SELECT gen_random_uuid(), a.kind, a.owner_did, a.organization_id, a.fund, a.currency, a.name
         FROM unnest(${kinds}::text[], ${owners}::text[], ${organizations}::uuid[], ${funds}::text[], ${currencies}::text[], ${names}::text[]) AS a(kind, owner_did, organization_id, fund, currency, name)
       ON CONFLICT DO NOTHING`,
      tx,
    );
    const rows = await this.sql.all(
      raw<
        Selectable<DB['ledger_accounts']> & { n: string }
      >`SELECT l.*, a.n FROM unnest(${kinds}::text[], ${owners}::text[], ${organizations}::uuid[], ${funds}::text[], ${currencies}::text[]) WITH ORDINALITY AS a(kind, owner_did, organization_id, fund, currency, n)
         JOIN ledger_accounts l ON l.kind = a.kind AND coalesce(l.owner_did, '') = coalesce(a.owner_did, '') AND coalesce(l.organization_id::text, '') = coalesce(a.organization_id::text, '')
                               AND coalesce(l.fund, '') = coalesce(a.fund, '') AND l.currency = a.currency
        ORDER BY a.n`,
      tx,
    );
    return rows.map(toAccount);
  }

  async findAccount(id: string): Promise<LedgerAccount | null> {
    const row = await this.sql.first(db.selectFrom('ledger_accounts').selectAll().where('id', '=', id));
    return row ? toAccount(row) : null;
  }

  async accountsOf(filter: { ownerDid?: string; organizationId?: string }): Promise<LedgerAccount[]> {
    const accounts = db.selectFrom('ledger_accounts').selectAll();
    const rows = filter.ownerDid
      ? await this.sql.all(accounts.where('owner_did', '=', filter.ownerDid).orderBy('currency'))
      : await this.sql.all(
          accounts
            .where('organization_id', '=', filter.organizationId ?? null)
            .orderBy('fund')
            .orderBy('currency'),
        );
    return rows.map(toAccount);
  }

  async findTransactionByReference(tx: Tx, reference: string): Promise<string | null> {
    const row = await this.sql.first(db.selectFrom('ledger_transactions').select('id').where('reference', '=', reference), tx);
    return row?.id ?? null;
  }

  async insertTransaction(tx: Tx, t: NewLedgerTransaction): Promise<string> {
    const id = randomUUID();
    await this.sql.run(
      db.insertInto('ledger_transactions').values({ id, kind: t.kind, reference: t.reference, memo: t.memo, reverses: t.reverses ?? null }),
      tx,
    );
    await this.sql.run(
      raw`INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency, memo)
       SELECT ${id}, e.account_id, e.amount, e.currency, e.memo
         FROM unnest(${t.entries.map((e) => e.accountId)}::uuid[], ${t.entries.map((e) => e.amountMinor.toString())}::bigint[],
                     ${t.entries.map((e) => e.currency)}::text[], ${t.entries.map((e) => e.memo ?? null)}::text[]) AS e(account_id, amount, currency, memo)`,
      tx,
    );
    return id;
  }

  async entriesOfTransaction(
    tx: Tx,
    transactionId: string,
  ): Promise<Array<{ accountId: string; amountMinor: bigint; currency: string; memo: string | null }>> {
    const rows = await this.sql.all(
      db
        .selectFrom('ledger_entries')
        .select(['account_id', 'amount_minor', 'currency', 'memo'])
        .where('transaction_id', '=', transactionId)
        .orderBy('id'),
      tx,
    );
    return rows.map((r) => ({ accountId: r.account_id, amountMinor: BigInt(r.amount_minor), currency: r.currency, memo: r.memo }));
  }

  // A transaction's entries with the accounts they move, for audits that name accounts by owner.
  async entriesWithAccounts(transactionId: string): Promise<Array<{ account: LedgerAccount; amountMinor: bigint; currency: string }>> {
    const rows = await this.sql.all(
      db
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
        .select(['e.amount_minor', 'e.currency as entry_currency'])
        .selectAll('a')
        .where('e.transaction_id', '=', transactionId)
        .orderBy('e.id'),
    );
    return rows.map((r) => ({ account: toAccount(r), amountMinor: BigInt(r.amount_minor), currency: r.entry_currency }));
  }

  async balances(accountIds: readonly string[], tx?: Tx): Promise<Map<string, bigint>> {
    if (!accountIds.length) return new Map();
    const rows = await this.sql.all(
      db
        .selectFrom('ledger_entries')
        .select(['account_id', raw<string>`coalesce(sum(amount_minor), 0)::text`.as('balance')])
        .where('account_id', '=', anyOf(accountIds))
        .groupBy('account_id'),
      tx,
    );
    const out = new Map<string, bigint>(accountIds.map((id) => [id, 0n]));
    for (const r of rows) out.set(r.account_id, BigInt(r.balance));
    return out;
  }

  // Newest first, keyset on the entry id.
  async entries(accountId: string, limit: number, beforeId?: string): Promise<LedgerEntry[]> {
    let query = db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
      .select([
        'e.id',
        'e.transaction_id',
        'e.account_id',
        'e.amount_minor',
        'e.currency',
        'e.memo',
        't.reference',
        't.kind',
        't.created_at',
      ])
      .where('e.account_id', '=', accountId)
      .orderBy('e.id', 'desc')
      .limit(limit);
    if (beforeId) query = query.where('e.id', '<', beforeId);
    const rows = await this.sql.all(query);
    return rows.map((r) => ({
      id: String(r.id),
      transactionId: r.transaction_id,
      accountId: r.account_id,
      amountMinor: BigInt(r.amount_minor),
      currency: r.currency,
      memo: r.memo,
      reference: r.reference,
      kind: r.kind,
      at: new Date(r.created_at),
    }));
  }

  // Money into and out of each of these accounts, by the kind of transaction that moved it (a
  // treasury's inflows by source), per currency.
  async flowsByKind(
    accountIds: readonly string[],
  ): Promise<Array<{ accountId: string; kind: string; currency: string; inMinor: bigint; outMinor: bigint; transactions: number }>> {
    if (!accountIds.length) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
        .select([
          'e.account_id',
          't.kind',
          'e.currency',
          raw<string>`coalesce(sum(e.amount_minor) FILTER (WHERE e.amount_minor > 0), 0)::text`.as('in_minor'),
          raw<string>`coalesce(-sum(e.amount_minor) FILTER (WHERE e.amount_minor < 0), 0)::text`.as('out_minor'),
          raw<number>`count(DISTINCT t.id)::int`.as('transactions'),
        ])
        .where('e.account_id', '=', anyOf(accountIds))
        .groupBy(['e.account_id', 't.kind', 'e.currency'])
        .orderBy('e.account_id')
        .orderBy('t.kind')
        .orderBy('e.currency'),
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      kind: r.kind,
      currency: r.currency,
      inMinor: BigInt(r.in_minor),
      outMinor: BigInt(r.out_minor),
      transactions: Number(r.transactions),
    }));
  }

  // Every transaction balances per currency (a check for tests and audits).
  async unbalancedTransactions(): Promise<string[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('ledger_entries')
        .select('transaction_id')
        .groupBy(['transaction_id', 'currency'])
        .having(raw<string>`sum(amount_minor)`, '<>', '0'),
    );
    return rows.map((r) => r.transaction_id);
  }
}
