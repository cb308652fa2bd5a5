import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../../database/transaction.js';
import type { LedgerAccount, LedgerAccountKind, LedgerEntry, NewLedgerTransaction } from '../rewards.types.js';

const toAccount = (r: Record<string, unknown>): LedgerAccount => ({
  id: r.id as string,
  kind: r.kind as LedgerAccountKind,
  ownerDid: (r.owner_did as string | null) ?? null,
  organizationId: (r.organization_id as string | null) ?? null,
  fund: (r.fund as string | null) ?? null,
  currency: r.currency as string,
  name: r.name as string,
});

// The double-entry ledger. Inserts only: the database refuses updates and deletes of entries and
// transactions, and refuses at commit any transaction whose entries do not sum to zero per currency.
@Injectable()
export class LedgerRepository {
  // Account ids ensured outside any transaction are committed, and accounts are never deleted, so
  // they are kept (bounded) for the life of the process.
  private readonly committedIds = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

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
    const m = managerOf(this.dataSource, tx);
    const cols = [
      accounts.map((a) => a.kind),
      accounts.map((a) => a.ownerDid),
      accounts.map((a) => a.organizationId),
      accounts.map((a) => a.fund),
      accounts.map((a) => a.currency),
      accounts.map((a) => a.name),
    ];
    await m.query(
      `INSERT INTO ledger_accounts (id, kind, owner_did, organization_id, fund, currency, name)
       SELECT gen_random_uuid(), a.kind, a.owner_did, a.organization_id, a.fund, a.currency, a.name
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[]) AS a(kind, owner_did, organization_id, fund, currency, name)
       ON CONFLICT DO NOTHING`,
      cols,
    );
    const rows = await m.query(
      `SELECT l.*, a.n FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[]) WITH ORDINALITY AS a(kind, owner_did, organization_id, fund, currency, n)
         JOIN ledger_accounts l ON l.kind = a.kind AND coalesce(l.owner_did, '') = coalesce(a.owner_did, '') AND coalesce(l.organization_id::text, '') = coalesce(a.organization_id::text, '')
                               AND coalesce(l.fund, '') = coalesce(a.fund, '') AND l.currency = a.currency
        ORDER BY a.n`,
      cols.slice(0, 5),
    );
    return rows.map(toAccount);
  }

  async findAccount(id: string): Promise<LedgerAccount | null> {
    const rows = await this.dataSource.query('SELECT * FROM ledger_accounts WHERE id = $1', [id]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async accountsOf(filter: { ownerDid?: string; organizationId?: string }): Promise<LedgerAccount[]> {
    const rows = filter.ownerDid
      ? await this.dataSource.query(`SELECT * FROM ledger_accounts WHERE owner_did = $1 ORDER BY currency`, [filter.ownerDid])
      : await this.dataSource.query(`SELECT * FROM ledger_accounts WHERE organization_id = $1 ORDER BY fund, currency`, [
          filter.organizationId,
        ]);
    return rows.map(toAccount);
  }

  async findTransactionByReference(tx: Tx, reference: string): Promise<string | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT id FROM ledger_transactions WHERE reference = $1', [reference]);
    return rows[0]?.id ?? null;
  }

  async insertTransaction(tx: Tx, t: NewLedgerTransaction): Promise<string> {
    const m = managerOf(this.dataSource, tx);
    const id = randomUUID();
    await m.query('INSERT INTO ledger_transactions (id, kind, reference, memo, reverses) VALUES ($1, $2, $3, $4, $5)', [
      id,
      t.kind,
      t.reference,
      t.memo,
      t.reverses ?? null,
    ]);
    await m.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency, memo)
       SELECT $1, e.account_id, e.amount, e.currency, e.memo FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[]) AS e(account_id, amount, currency, memo)`,
      [
        id,
        t.entries.map((e) => e.accountId),
        t.entries.map((e) => e.amountMinor.toString()),
        t.entries.map((e) => e.currency),
        t.entries.map((e) => e.memo ?? null),
      ],
    );
    return id;
  }

  async entriesOfTransaction(
    tx: Tx,
    transactionId: string,
  ): Promise<Array<{ accountId: string; amountMinor: bigint; currency: string; memo: string | null }>> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT account_id, amount_minor, currency, memo FROM ledger_entries WHERE transaction_id = $1 ORDER BY id',
      [transactionId],
    );
    return rows.map((r: Record<string, string>) => ({
      accountId: r.account_id,
      amountMinor: BigInt(r.amount_minor),
      currency: r.currency,
      memo: r.memo,
    }));
  }

  // A transaction's entries with the accounts they move, for audits that name accounts by owner.
  async entriesWithAccounts(transactionId: string): Promise<Array<{ account: LedgerAccount; amountMinor: bigint; currency: string }>> {
    const rows = await this.dataSource.query(
      `SELECT e.amount_minor, e.currency AS entry_currency, a.* FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = $1 ORDER BY e.id`,
      [transactionId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      account: toAccount(r),
      amountMinor: BigInt(r.amount_minor as string),
      currency: r.entry_currency as string,
    }));
  }

  async balances(accountIds: readonly string[], tx?: Tx): Promise<Map<string, bigint>> {
    if (!accountIds.length) return new Map();
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT account_id, coalesce(sum(amount_minor), 0)::text AS balance FROM ledger_entries WHERE account_id = ANY($1) GROUP BY account_id',
      [accountIds],
    );
    const out = new Map<string, bigint>(accountIds.map((id) => [id, 0n]));
    for (const r of rows) out.set(r.account_id, BigInt(r.balance));
    return out;
  }

  // Newest first, keyset on the entry id.
  async entries(accountId: string, limit: number, beforeId?: string): Promise<LedgerEntry[]> {
    const rows = await this.dataSource.query(
      `SELECT e.id, e.transaction_id, e.account_id, e.amount_minor, e.currency, e.memo, t.reference, t.kind, t.created_at
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
        WHERE e.account_id = $1 AND ($2::bigint IS NULL OR e.id < $2::bigint)
        ORDER BY e.id DESC LIMIT $3`,
      [accountId, beforeId ?? null, limit],
    );
    return rows.map((r: Record<string, string>) => ({
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
    const rows = await this.dataSource.query(
      `SELECT e.account_id, t.kind, e.currency,
              coalesce(sum(e.amount_minor) FILTER (WHERE e.amount_minor > 0), 0)::text AS in_minor,
              coalesce(-sum(e.amount_minor) FILTER (WHERE e.amount_minor < 0), 0)::text AS out_minor,
              count(DISTINCT t.id)::int AS transactions
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
        WHERE e.account_id = ANY($1) GROUP BY e.account_id, t.kind, e.currency ORDER BY e.account_id, t.kind, e.currency`,
      [accountIds],
    );
    return rows.map((r: Record<string, string | number>) => ({
      accountId: r.account_id as string,
      kind: r.kind as string,
      currency: r.currency as string,
      inMinor: BigInt(r.in_minor as string),
      outMinor: BigInt(r.out_minor as string),
      transactions: Number(r.transactions),
    }));
  }

  // Every transaction balances per currency (a check for tests and audits).
  async unbalancedTransactions(): Promise<string[]> {
    const rows = await this.dataSource.query(
      'SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount_minor) <> 0',
    );
    return rows.map((r: { transaction_id: string }) => r.transaction_id);
  }
}
