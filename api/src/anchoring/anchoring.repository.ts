import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { hex, oneOf, present } from '../database/row-checks.js';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { BATCH_STATUSES, type AnchorBatch, type AnchorStatus, type BatchStatus } from '../contributions/contributions.types.js';

const nullableHex = (value: string | null, column: string): `0x${string}` | null => (value === null ? null : hex(value, column));

function toBatch(r: Selectable<DB['anchor_batches']>): AnchorBatch {
  return {
    id: r.id,
    rootCid: r.root_cid,
    rootDigest: hex(r.root_digest, 'anchor_batches.root_digest'),
    numRecords: Number(r.num_records),
    status: oneOf(BATCH_STATUSES, r.status, 'anchor_batches.status'),
    chainId: Number(r.chain_id),
    contractAddress: nullableHex(r.contract_address, 'anchor_batches.contract_address'),
    txHash: nullableHex(r.tx_hash, 'anchor_batches.tx_hash'),
    rawTx: nullableHex(r.raw_tx, 'anchor_batches.raw_tx'),
    txNonce: r.tx_nonce === null ? null : Number(r.tx_nonce),
    blockNumber: r.block_number === null ? null : BigInt(r.block_number),
    blockHash: nullableHex(r.block_hash, 'anchor_batches.block_hash'),
    blockTimestamp: r.block_timestamp ? new Date(r.block_timestamp) : null,
    attempts: Number(r.attempts),
    lastError: r.last_error ?? null,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
    createdAt: new Date(r.created_at),
    anchoredAt: r.anchored_at ? new Date(r.anchored_at) : null,
  };
}

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

// Addresses compare case-insensitively (checksummed or not).
const sameAddress = (column: 'address' | 'contract_address', address: string) =>
  raw<boolean>`lower(${raw.ref(column)}) = lower(${address})`;

// Record status that mirrors each batch status.
export const RECORD_STATUS: Record<BatchStatus, AnchorStatus> = {
  PROCESSING: 'PROCESSING',
  SUBMITTED: 'PROCESSING',
  ANCHORED: 'ANCHORED',
  FAILED: 'FAILED',
  REPLACED: 'REPLACED',
};

@Injectable()
export class AnchoringRepository {
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

  // The chain lost the registry and a new one will be deployed: every batch anchored or sent to it
  // goes back to be anchored again (REPLACED, nothing of the old chain kept: no transaction, block
  // or proof). Returns their ids.
  async reanchorBatchesOf(tx: Tx, chainId: number, registry: string, reason: string): Promise<string[]> {
    const rows = await this.sql.all(
      db
        .updateTable('anchor_batches')
        .set({
          status: 'REPLACED',
          contract_address: null,
          tx_hash: null,
          raw_tx: null,
          tx_nonce: null,
          block_number: null,
          block_hash: null,
          block_timestamp: null,
          anchored_at: null,
          last_error: reason,
          next_attempt_at: null,
        })
        .where('chain_id', '=', String(chainId))
        .where(sameAddress('contract_address', registry))
        .returning('id'),
      tx,
    );
    return rows.map((r) => r.id);
  }

  // The registry is gone and this instance may not deploy another: every batch not anchored (sent
  // to it, or waiting to be) is FAILED with the reason, its stored transaction dropped (it named a
  // contract that is not there), and retried with the usual backoff. Returns the ids of those changed.
  async failBatchesOf(
    tx: Tx,
    chainId: number,
    registry: string,
    reason: string,
    backoff: { retryBaseSeconds: number; retryMaxSeconds: number },
  ): Promise<string[]> {
    const rows = await this.sql.all(
      raw<Pick<Selectable<DB['anchor_batches']>, 'id'>>`UPDATE anchor_batches
          SET status = 'FAILED', contract_address = NULL, tx_hash = NULL, raw_tx = NULL, tx_nonce = NULL, last_error = ${reason}, attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => least(${backoff.retryMaxSeconds}::float8, ${backoff.retryBaseSeconds}::float8 * power(2, least(attempts, 20))))
        WHERE chain_id = ${chainId} AND status <> 'ANCHORED' AND (contract_address IS NULL OR lower(contract_address) = lower(${registry}))
          AND NOT (status = 'FAILED' AND tx_hash IS NULL AND last_error IS NOT DISTINCT FROM ${reason})
        RETURNING id`,
      tx,
    );
    return rows.map((r) => r.id);
  }

  // How many records wait for a batch, and since when.
  async unbatchedStats(): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.sql.first(
      db
        .selectFrom('contribution_records')
        .select((eb) => [raw<number>`count(*)::int`.as('n'), eb.fn.min('created_at').as('oldest')])
        .where('batch_id', 'is', null),
    );
    return { count: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  async oldestUnbatched(limit: number): Promise<string[]> {
    const rows = await this.sql.all(
      db.selectFrom('contribution_records').select('id').where('batch_id', 'is', null).orderBy('seq').limit(limit),
    );
    return rows.map((r) => r.id);
  }

  async insertBatch(
    tx: Tx,
    b: { id: string; rootCid: string; rootDigest: string; numRecords: number; chainId: number; contractAddress: string | null },
  ): Promise<void> {
    await this.sql.run(
      db.insertInto('anchor_batches').values({
        id: b.id,
        root_cid: b.rootCid,
        root_digest: b.rootDigest,
        num_records: b.numRecords,
        status: 'PROCESSING',
        chain_id: b.chainId,
        contract_address: b.contractAddress,
      }),
      tx,
    );
  }

  async findBatch(id: string, tx?: Tx): Promise<AnchorBatch | null> {
    const row = await this.sql.first(db.selectFrom('anchor_batches').selectAll().where('id', '=', id), tx);
    return row ? toBatch(row) : null;
  }

  async findBatches(ids: readonly string[]): Promise<AnchorBatch[]> {
    if (!ids.length) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('anchor_batches')
        .selectAll()
        .where('id', '=', raw<string>`ANY(${[...ids]})`),
    );
    return rows.map(toBatch);
  }

  // Batches that need work now: new, submitted (waiting for confirmations), or due for a retry.
  async batchesToAdvance(now: Date): Promise<AnchorBatch[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('anchor_batches')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['PROCESSING', 'SUBMITTED']),
            eb.and([
              eb('status', 'in', ['FAILED', 'REPLACED']),
              eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]),
            ]),
          ]),
        )
        .orderBy('created_at'),
    );
    return rows.map(toBatch);
  }

  async anchoredSince(blockNumber: bigint): Promise<AnchorBatch[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('anchor_batches')
        .selectAll()
        .where('status', '=', 'ANCHORED')
        .where('block_number', '>=', blockNumber.toString())
        .orderBy('block_number'),
    );
    return rows.map(toBatch);
  }

  // Records the signed transaction before it is broadcast, and only if nobody else did:
  // a crash after this point re-sends the same bytes instead of signing a second anchor.
  async setSignedTx(
    t: Tx,
    batchId: string,
    expectedTxHash: string | null,
    registry: string,
    tx: { hash: string; raw: string; nonce: number },
  ): Promise<boolean> {
    const rows = await this.sql.all(
      db
        .updateTable('anchor_batches')
        .set({
          tx_hash: tx.hash,
          raw_tx: tx.raw,
          tx_nonce: tx.nonce,
          contract_address: registry,
          status: 'SUBMITTED',
          next_attempt_at: null,
        })
        .where('id', '=', batchId)
        .where('tx_hash', 'is not distinct from', expectedTxHash)
        .where('status', '<>', 'ANCHORED')
        .returning('id'),
      t,
    );
    return rows.length === 1;
  }

  async setStatus(
    tx: Tx,
    batchId: string,
    status: BatchStatus,
    fields: { lastError?: string | null; nextAttemptAt?: Date | null; bumpAttempts?: boolean; clearTx?: boolean } = {},
  ): Promise<void> {
    const clearTx = !!fields.clearTx;
    await this.sql.run(
      db
        .updateTable('anchor_batches')
        .set({
          status,
          last_error: raw<string | null>`coalesce(${fields.lastError ?? null}, last_error)`,
          next_attempt_at: fields.nextAttemptAt ?? null,
          attempts: raw<number>`attempts + CASE WHEN ${!!fields.bumpAttempts} THEN 1 ELSE 0 END`,
          tx_hash: raw<string | null>`CASE WHEN ${clearTx} THEN NULL ELSE tx_hash END`,
          raw_tx: raw<string | null>`CASE WHEN ${clearTx} THEN NULL ELSE raw_tx END`,
          tx_nonce: raw<string | null>`CASE WHEN ${clearTx} THEN NULL ELSE tx_nonce END`,
        })
        .where('id', '=', batchId)
        .where('status', '<>', 'ANCHORED'),
      tx,
    );
  }

  async markAnchored(
    tx: Tx,
    batchId: string,
    at: { txHash: string; blockNumber: bigint; blockHash: string; blockTimestamp: Date; registry: string },
  ): Promise<void> {
    await this.sql.run(
      db
        .updateTable('anchor_batches')
        .set({
          status: 'ANCHORED',
          tx_hash: at.txHash,
          block_number: at.blockNumber.toString(),
          block_hash: at.blockHash,
          block_timestamp: at.blockTimestamp,
          contract_address: at.registry,
          anchored_at: dbNow(),
          last_error: null,
          next_attempt_at: null,
        })
        .where('id', '=', batchId),
      tx,
    );
  }

  // The chain dropped the block that held the anchor: the batch goes back to the queue
  // (same root, same paths), its records' old proofs no longer hold.
  async markReplaced(tx: Tx, batchId: string, reason: string): Promise<void> {
    await this.sql.run(
      db
        .updateTable('anchor_batches')
        .set({
          status: 'REPLACED',
          last_error: reason,
          block_number: null,
          block_hash: null,
          block_timestamp: null,
          anchored_at: null,
          next_attempt_at: null,
        })
        .where('id', '=', batchId),
      tx,
    );
  }

  async recordsOfBatch(batchId: string): Promise<Array<{ id: string; chainId: string; path: string }>> {
    const rows = await this.sql.all(
      db.selectFrom('contribution_records').select(['id', 'chain_id', 'merkle_path']).where('batch_id', '=', batchId).orderBy('seq'),
    );
    // A record's batch and its path are set by the same statement.
    return rows.map((r) => ({ id: r.id, chainId: r.chain_id, path: present(r.merkle_path, 'contribution_records.merkle_path') }));
  }
}
