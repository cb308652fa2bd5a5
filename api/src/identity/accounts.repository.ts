import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { isUuid } from '../common/uuid.js';
import { managerOf, type Tx } from '../database/transaction.js';
import { AccountEntity } from './account.entity.js';
import type { Account } from './identity.types.js';

function toAccount(row: AccountEntity): Account {
  return { id: row.id, email: row.email, name: row.name, did: row.did, createdAt: row.createdAt };
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: Tx, account: Account & { passwordHash: string }): Promise<Account> {
    try {
      await managerOf(this.dataSource, tx).insert(AccountEntity, { ...account, updatedAt: account.createdAt });
    } catch (err) {
      if (isUniqueViolation(err, 'accounts_email_key')) {
        throw new ConflictError('An account with this email already exists.', { field: 'email' });
      }
      throw err;
    }
    return account;
  }

  async findById(id: string, tx?: Tx): Promise<Account | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx).findOneBy(AccountEntity, { id });
    return row ? toAccount(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.dataSource.manager.findBy(AccountEntity, { id: In(valid) });
    return rows.map(toAccount);
  }

  async findByDids(dids: readonly string[]): Promise<Account[]> {
    if (dids.length === 0) return [];
    return (await this.dataSource.manager.findBy(AccountEntity, { did: In([...dids]) })).map(toAccount);
  }

  async findByEmail(email: string, tx?: Tx): Promise<Account | null> {
    const row = await managerOf(this.dataSource, tx).findOneBy(AccountEntity, { email });
    return row ? toAccount(row) : null;
  }

  async findCredentials(email: string): Promise<{ account: Account; passwordHash: string } | null> {
    const row = await this.dataSource.manager.findOneBy(AccountEntity, { email });
    return row ? { account: toAccount(row), passwordHash: row.passwordHash } : null;
  }

  async countByEmail(email: string): Promise<number> {
    return this.dataSource.manager.countBy(AccountEntity, { email });
  }
}
