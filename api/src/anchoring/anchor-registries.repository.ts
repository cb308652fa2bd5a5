import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { hex } from '../database/row-checks.js';
import { db, Sql, type DB } from '../database/sql.js';

export interface RegistryRow {
  address: `0x${string}`;
  deployedBlock: bigint | null;
  genesisHash: string | null; // the chain's block 0 when the registry was deployed or first used
}

const REGISTRY_COLUMNS = ['address', 'deployed_block', 'genesis_hash'] as const;

const toRegistry = (r: Pick<Selectable<DB['anchor_registries']>, (typeof REGISTRY_COLUMNS)[number]>): RegistryRow => ({
  address: hex(r.address, 'anchor_registries.address'),
  deployedBlock: r.deployed_block === null ? null : BigInt(r.deployed_block),
  genesisHash: r.genesis_hash ?? null,
});

// Registry addresses compare case-insensitively (checksummed or not).
export const sameAddress = (column: 'address' | 'contract_address', address: string) =>
  raw<boolean>`lower(${raw.ref(column)}) = lower(${address})`;

// The AnchorRegistry contracts known per chain: deployed by this instance, or configured and
// recorded on first use, each with the genesis block of the chain it was found on.
@Injectable()
export class AnchorRegistriesRepository {
  constructor(private readonly sql: Sql) {}

  // The registry this instance deployed for itself on a chain (the first one recorded).
  async findRegistry(chainId: number, anchorer: string): Promise<RegistryRow | null> {
    const row = await this.sql.first(
      db
        .selectFrom('anchor_registries')
        .select(REGISTRY_COLUMNS)
        .where('chain_id', '=', String(chainId))
        .where('anchorer', '=', anchorer)
        .where('deploy_tx', 'is not', null)
        .orderBy('created_at')
        .limit(1),
    );
    return row ? toRegistry(row) : null;
  }

  async registryAt(chainId: number, address: string): Promise<RegistryRow | null> {
    const row = await this.sql.first(
      db
        .selectFrom('anchor_registries')
        .select(REGISTRY_COLUMNS)
        .where('chain_id', '=', String(chainId))
        .where(sameAddress('address', address)),
    );
    return row ? toRegistry(row) : null;
  }

  async forgetRegistry(chainId: number, address: string): Promise<void> {
    await this.sql.run(db.deleteFrom('anchor_registries').where('chain_id', '=', String(chainId)).where(sameAddress('address', address)));
  }

  // deployTx null: a registry deployed by someone else (ANCHOR_REGISTRY_ADDRESS), recorded on first use.
  async insertRegistry(r: {
    chainId: number;
    address: string;
    anchorer: string;
    deployTx: string | null;
    deployedBlock: bigint | null;
    genesisHash: string;
  }): Promise<void> {
    await this.sql.run(
      db
        .insertInto('anchor_registries')
        .values({
          chain_id: r.chainId,
          address: r.address,
          anchorer: r.anchorer,
          deploy_tx: r.deployTx,
          deployed_block: r.deployedBlock?.toString() ?? null,
          genesis_hash: r.genesisHash,
        })
        .onConflict((oc) => oc.doNothing()),
    );
  }

  async setRegistryGenesis(chainId: number, address: string, genesisHash: string): Promise<void> {
    await this.sql.run(
      db
        .updateTable('anchor_registries')
        .set({ genesis_hash: genesisHash })
        .where('chain_id', '=', String(chainId))
        .where(sameAddress('address', address)),
    );
  }
}
