import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RewardDistributor } from '../rewards.types.js';

const toDistributor = (r: Record<string, unknown>): RewardDistributor => ({
  chainId: Number(r.chain_id),
  address: r.address as `0x${string}`,
  token: r.token as `0x${string}`,
  publisher: r.publisher as `0x${string}`,
  deployedBlock: r.deployed_block === null ? null : BigInt(r.deployed_block as string),
  genesisHash: (r.genesis_hash as string | null) ?? null,
});

// The RewardDistributor contracts this instance publishes to, per chain.
@Injectable()
export class DistributorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // The newest distributor this publisher uses on a chain.
  async findDistributor(chainId: number, publisher: string): Promise<RewardDistributor | null> {
    const rows = await this.dataSource.query(
      'SELECT * FROM reward_distributors WHERE chain_id = $1 AND lower(publisher) = lower($2) ORDER BY created_at DESC LIMIT 1',
      [chainId, publisher],
    );
    return rows[0] ? toDistributor(rows[0]) : null;
  }

  async findDistributorAt(chainId: number, address: string): Promise<RewardDistributor | null> {
    const rows = await this.dataSource.query('SELECT * FROM reward_distributors WHERE chain_id = $1 AND address = $2', [chainId, address]);
    return rows[0] ? toDistributor(rows[0]) : null;
  }

  async insertDistributor(d: RewardDistributor & { deployTx: string | null }): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO reward_distributors (chain_id, address, token, publisher, deploy_tx, deployed_block, genesis_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
      [d.chainId, d.address, d.token, d.publisher, d.deployTx, d.deployedBlock?.toString() ?? null, d.genesisHash ?? null],
    );
  }

  async setDistributorGenesis(chainId: number, address: string, genesisHash: string): Promise<void> {
    await this.dataSource.query('UPDATE reward_distributors SET genesis_hash = $3 WHERE chain_id = $1 AND address = $2', [
      chainId,
      address,
      genesisHash,
    ]);
  }
}
