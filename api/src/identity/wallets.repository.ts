import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';

export interface LinkedWallet {
  accountId: string;
  address: `0x${string}`;
  chainId: number;
  linkedAt: Date;
}

const toWallet = (r: Record<string, unknown>): LinkedWallet => ({ accountId: r.account_id as string, address: r.address as `0x${string}`, chainId: Number(r.chain_id), linkedAt: new Date(r.linked_at as string) });

@Injectable()
export class WalletsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertChallenge(c: { nonce: string; accountId: string; address: string; message: string; expiresAt: Date }): Promise<void> {
    await this.dataSource.query('INSERT INTO wallet_challenges (nonce, account_id, address, message, expires_at) VALUES ($1, $2, $3, $4, $5)', [c.nonce, c.accountId, c.address, c.message, c.expiresAt]);
  }

  async lockChallenge(tx: Tx, nonce: string): Promise<{ accountId: string; address: string; message: string; expiresAt: Date; usedAt: Date | null } | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM wallet_challenges WHERE nonce = $1 FOR UPDATE', [nonce]);
    const r = rows[0];
    return r ? { accountId: r.account_id, address: r.address, message: r.message, expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null } : null;
  }

  async useChallenge(tx: Tx, nonce: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('UPDATE wallet_challenges SET used_at = now() WHERE nonce = $1', [nonce]);
  }

  async findByAddress(address: string, tx?: Tx): Promise<LinkedWallet | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM account_wallets WHERE address = $1', [address]);
    return rows[0] ? toWallet(rows[0]) : null;
  }

  async findByAccount(accountId: string): Promise<LinkedWallet | null> {
    const rows = await this.dataSource.query('SELECT * FROM account_wallets WHERE account_id = $1', [accountId]);
    return rows[0] ? toWallet(rows[0]) : null;
  }

  // One wallet per account: linking another replaces it.
  async upsert(tx: Tx, w: { accountId: string; address: string; chainId: number }): Promise<LinkedWallet> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO account_wallets (account_id, address, chain_id) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET address = EXCLUDED.address, chain_id = EXCLUDED.chain_id, linked_at = now() RETURNING *`,
      [w.accountId, w.address, w.chainId],
    );
    return toWallet(returnedRows(rows)[0]!);
  }
}
