import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { hex } from '../../database/row-checks.js';
import { db, Sql, type DB } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';
import type { RewardDistributor } from '../rewards.types.js';

const toDistributor = (r: Selectable<DB['reward_distributors']>): RewardDistributor => ({
  chainId: Number(r.chain_id),
  address: hex(r.address, 'reward_distributors.address'),
  token: hex(r.token, 'reward_distributors.token'),
  publisher: hex(r.publisher, 'reward_distributors.publisher'),
  deployedBlock: r.deployed_block === null ? null : BigInt(r.deployed_block),
  genesisHash: r.genesis_hash ?? null,
});

// The RewardDistributor contracts this instance publishes to, per chain, and how far their
// Claimed events have been read.
@Injectable()
export class DistributorsRepository {
  constructor(private readonly sql: Sql) {}

  // The newest distributor this publisher uses on a chain.
  async findDistributor(chainId: number, publisher: string): Promise<RewardDistributor | null> {
    const row = await this.sql.first(
      db
        .selectFrom('reward_distributors')
        .selectAll()
        .where('chain_id', '=', chainId)
        .where(raw<boolean>`lower(publisher) = lower(${publisher})`)
        .orderBy('created_at', 'desc')
        .limit(1),
    );
    return row ? toDistributor(row) : null;
  }

  async findDistributorAt(chainId: number, address: string): Promise<RewardDistributor | null> {
    const row = await this.sql.first(
      db.selectFrom('reward_distributors').selectAll().where('chain_id', '=', chainId).where('address', '=', address),
    );
    return row ? toDistributor(row) : null;
  }

  async insertDistributor(d: RewardDistributor & { deployTx: string | null }): Promise<void> {
    await this.sql.run(
      db
        .insertInto('reward_distributors')
        .values({
          chain_id: d.chainId,
          address: d.address,
          token: d.token,
          publisher: d.publisher,
          deploy_tx: d.deployTx,
          deployed_block: d.deployedBlock?.toString() ?? null,
          genesis_hash: d.genesisHash ?? null,
        })
        .onConflict((oc) => oc.doNothing()),
    );
  }

  async setDistributorGenesis(chainId: number, address: string, genesisHash: string): Promise<void> {
    await this.sql.run(
      db
        .updateTable('reward_distributors')
        .set({ genesis_hash: genesisHash })
        .where('chain_id', '=', chainId)
        .where('address', '=', address),
    );
  }

  // The last block whose Claimed events are in the ledger (null: none scanned yet).
  async claimsScannedTo(d: RewardDistributor): Promise<bigint | null> {
    const row = await this.sql.first(
      db.selectFrom('reward_distributors').select('claims_scanned_to').where('chain_id', '=', d.chainId).where('address', '=', d.address),
    );
    return row?.claims_scanned_to ? BigInt(row.claims_scanned_to) : null;
  }

  async setClaimsScannedTo(tx: Tx, d: RewardDistributor, block: bigint): Promise<void> {
    await this.sql.run(
      db
        .updateTable('reward_distributors')
        .set({ claims_scanned_to: block.toString() })
        .where('chain_id', '=', d.chainId)
        .where('address', '=', d.address),
      tx,
    );
  }
}
