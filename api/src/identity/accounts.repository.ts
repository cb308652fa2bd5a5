import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { compiledOnce, db, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { Account } from './identity.types.js';

export const ACCOUNT_COLUMNS = ['id', 'email', 'name', 'did', 'created_at'] as const;

export function toAccount(row: Pick<Selectable<DB['accounts']>, (typeof ACCOUNT_COLUMNS)[number]>): Account {
  return { id: row.id, email: row.email, name: row.name, did: row.did, createdAt: row.created_at };
}

const accounts = () => db.selectFrom('accounts').select(ACCOUNT_COLUMNS);
// The loaders' batch: one text for any number of ids.
const accountsByIds = compiledOnce(accounts().where(raw<boolean>`id = ANY(${[]}::uuid[])`));

@Injectable()
export class AccountsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, account: Account & { passwordHash: string }): Promise<Account> {
    try {
      await this.sql.run(
        db.insertInto('accounts').values({
          id: account.id,
          email: account.email,
          name: account.name,
          did: account.did,
          password_hash: account.passwordHash,
          created_at: account.createdAt,
          updated_at: account.createdAt,
        }),
        tx,
      );
    } catch (err) {
      if (isUniqueViolation(err, 'accounts_email_key')) {
        throw new ConflictError('An account with this email already exists.', { field: 'email' });
      }
      throw err;
    }
    return { id: account.id, email: account.email, name: account.name, did: account.did, createdAt: account.createdAt };
  }

  async findById(id: string, tx?: Tx): Promise<Account | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(accounts().where('id', '=', id), tx);
    return row ? toAccount(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return (await this.sql.all(accountsByIds(valid))).map(toAccount);
  }

  async findByDids(dids: readonly string[]): Promise<Account[]> {
    if (dids.length === 0) return [];
    return (await this.sql.all(accounts().where('did', 'in', [...dids]))).map(toAccount);
  }

  async findByEmail(email: string, tx?: Tx): Promise<Account | null> {
    const row = await this.sql.first(accounts().where('email', '=', email), tx);
    return row ? toAccount(row) : null;
  }

  async findCredentials(email: string): Promise<{ account: Account; passwordHash: string } | null> {
    const row = await this.sql.first(accounts().select('password_hash').where('email', '=', email));
    return row ? { account: toAccount(row), passwordHash: row.password_hash } : null;
  }

  // Whether any account has an email other than these (all of them when none is given).
  async anyExcept(emails: readonly string[]): Promise<boolean> {
    const query = db.selectFrom('accounts').select('id').limit(1);
    return !!(await this.sql.first(emails.length ? query.where('email', 'not in', [...emails]) : query));
  }

  async countByEmail(email: string): Promise<number> {
    const row = await this.sql.first(
      db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('email', '=', email),
    );
    return Number(row?.n ?? 0);
  }
}
