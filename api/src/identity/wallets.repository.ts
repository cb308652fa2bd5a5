import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

export interface LinkedWallet {
  accountId: string;
  address: `0x${string}`;
  chainId: number;
  linkedAt: Date;
}

export interface WalletChallenge {
  accountId: string;
  address: string;
  message: string;
  expiresAt: Date;
  usedAt: Date | null;
}

// Addresses are stored checksummed by the service, which validated them as 0x-hex.
const toWallet = (r: Selectable<DB['account_wallets']>): LinkedWallet => ({
  accountId: r.account_id,
  address: r.address as `0x${string}`,
  chainId: r.chain_id,
  linkedAt: r.linked_at,
});

@Injectable()
export class WalletsRepository {
  constructor(private readonly sql: Sql) {}

  async insertChallenge(c: { nonce: string; accountId: string; address: string; message: string; expiresAt: Date }): Promise<void> {
    await this.sql.run(
      db
        .insertInto('wallet_challenges')
        .values({ nonce: c.nonce, account_id: c.accountId, address: c.address, message: c.message, expires_at: c.expiresAt }),
    );
  }

  async lockChallenge(tx: Tx, nonce: string): Promise<WalletChallenge | null> {
    const r = await this.sql.first(db.selectFrom('wallet_challenges').selectAll().where('nonce', '=', nonce).forUpdate(), tx);
    return r ? { accountId: r.account_id, address: r.address, message: r.message, expiresAt: r.expires_at, usedAt: r.used_at } : null;
  }

  async useChallenge(tx: Tx, nonce: string): Promise<void> {
    await this.sql.run(db.updateTable('wallet_challenges').set({ used_at: dbNow() }).where('nonce', '=', nonce), tx);
  }

  async findByAddress(address: string, tx?: Tx): Promise<LinkedWallet | null> {
    const r = await this.sql.first(db.selectFrom('account_wallets').selectAll().where('address', '=', address), tx);
    return r ? toWallet(r) : null;
  }

  async findByAccount(accountId: string): Promise<LinkedWallet | null> {
    const r = await this.sql.first(db.selectFrom('account_wallets').selectAll().where('account_id', '=', accountId));
    return r ? toWallet(r) : null;
  }

  // One wallet per account: linking another replaces it.
  async upsert(tx: Tx, w: { accountId: string; address: string; chainId: number }): Promise<LinkedWallet> {
    const rows = await this.sql.all(
      db
        .insertInto('account_wallets')
        .values({ account_id: w.accountId, address: w.address, chain_id: w.chainId })
        .onConflict((oc) =>
          oc
            .column('account_id')
            .doUpdateSet((eb) => ({ address: eb.ref('excluded.address'), chain_id: eb.ref('excluded.chain_id'), linked_at: dbNow() })),
        )
        .returningAll(),
      tx,
    );
    return toWallet(rows[0]!);
  }
}
