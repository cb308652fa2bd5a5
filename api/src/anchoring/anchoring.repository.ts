import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';
import type { AnchorBatch, AnchorStatus, BatchStatus } from '../contributions/contributions.types.js';

function batchFromRaw(r: Record<string, unknown>): AnchorBatch {
  return {
    id: r.id as string,
    rootCid: r.root_cid as string,
    rootDigest: r.root_digest as `0x${string}`,
    numRecords: Number(r.num_records),
    status: r.status as BatchStatus,
    chainId: Number(r.chain_id),
    contractAddress: (r.contract_address as `0x${string}` | null) ?? null,
    txHash: (r.tx_hash as `0x${string}` | null) ?? null,
    rawTx: (r.raw_tx as `0x${string}` | null) ?? null,
    txNonce: r.tx_nonce === null ? null : Number(r.tx_nonce),
    blockNumber: r.block_number === null ? null : BigInt(r.block_number as string),
    blockHash: (r.block_hash as `0x${string}` | null) ?? null,
    blockTimestamp: r.block_timestamp ? new Date(r.block_timestamp as string) : null,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at as string) : null,
    createdAt: new Date(r.created_at as string),
    anchoredAt: r.anchored_at ? new Date(r.anchored_at as string) : null,
  };
}

export interface RegistryRow {
  address: `0x${string}`;
  deployedBlock: bigint | null;
  genesisHash: string | null; // the chain's block 0 when the registry was deployed or first used
}

const toRegistry = (r: Record<string, unknown>): RegistryRow => ({
  address: r.address as `0x${string}`,
  deployedBlock: r.deployed_block === null ? null : BigInt(r.deployed_block as string),
  genesisHash: (r.genesis_hash as string | null) ?? null,
});

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
  constructor(private readonly dataSource: DataSource) {}

  // The registry this instance deployed for itself on a chain (the first one recorded).
  async findRegistry(chainId: number, anchorer: string): Promise<RegistryRow | null> {
    const rows = await this.dataSource.query(
      'SELECT address, deployed_block, genesis_hash FROM anchor_registries WHERE chain_id = $1 AND anchorer = $2 AND deploy_tx IS NOT NULL ORDER BY created_at LIMIT 1',
      [chainId, anchorer],
    );
    return rows[0] ? toRegistry(rows[0]) : null;
  }

  async registryAt(chainId: number, address: string): Promise<RegistryRow | null> {
    const rows = await this.dataSource.query(
      'SELECT address, deployed_block, genesis_hash FROM anchor_registries WHERE chain_id = $1 AND lower(address) = lower($2)',
      [chainId, address],
    );
    return rows[0] ? toRegistry(rows[0]) : null;
  }

  async forgetRegistry(chainId: number, address: string): Promise<void> {
    await this.dataSource.query('DELETE FROM anchor_registries WHERE chain_id = $1 AND lower(address) = lower($2)', [chainId, address]);
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
    await this.dataSource.query(
      'INSERT INTO anchor_registries (chain_id, address, anchorer, deploy_tx, deployed_block, genesis_hash) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [r.chainId, r.address, r.anchorer, r.deployTx, r.deployedBlock?.toString() ?? null, r.genesisHash],
    );
  }

  async setRegistryGenesis(chainId: number, address: string, genesisHash: string): Promise<void> {
    await this.dataSource.query('UPDATE anchor_registries SET genesis_hash = $3 WHERE chain_id = $1 AND lower(address) = lower($2)', [
      chainId,
      address,
      genesisHash,
    ]);
  }

  // The chain lost the registry and a new one will be deployed: every batch anchored or sent to it
  // goes back to be anchored again (REPLACED, nothing of the old chain kept: no transaction, block
  // or proof). Returns their ids.
  async reanchorBatchesOf(tx: Tx, chainId: number, registry: string, reason: string): Promise<string[]> {
    return returnedRows(
      await managerOf(this.dataSource, tx).query(
        `UPDATE anchor_batches SET status = 'REPLACED', contract_address = NULL, tx_hash = NULL, raw_tx = NULL, tx_nonce = NULL, block_number = NULL, block_hash = NULL,
                block_timestamp = NULL, anchored_at = NULL, last_error = $3, next_attempt_at = NULL
          WHERE chain_id = $1 AND lower(contract_address) = lower($2) RETURNING id`,
        [chainId, registry, reason],
      ),
    ).map((r) => r.id as string);
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
    return returnedRows(
      await managerOf(this.dataSource, tx).query(
        `UPDATE anchor_batches SET status = 'FAILED', contract_address = NULL, tx_hash = NULL, raw_tx = NULL, tx_nonce = NULL, last_error = $3, attempts = attempts + 1,
                next_attempt_at = now() + make_interval(secs => least($5::float8, $4::float8 * power(2, least(attempts, 20))))
          WHERE chain_id = $1 AND status <> 'ANCHORED' AND (contract_address IS NULL OR lower(contract_address) = lower($2))
            AND NOT (status = 'FAILED' AND tx_hash IS NULL AND last_error IS NOT DISTINCT FROM $3)
          RETURNING id`,
        [chainId, registry, reason, backoff.retryBaseSeconds, backoff.retryMaxSeconds],
      ),
    ).map((r) => r.id as string);
  }

  // How many records wait for a batch, and since when.
  async unbatchedStats(): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await this.dataSource.query(
      'SELECT count(*)::int AS n, min(created_at) AS oldest FROM contribution_records WHERE batch_id IS NULL',
    );
    return { count: row.n, oldest: row.oldest ? new Date(row.oldest) : null };
  }

  async oldestUnbatched(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query('SELECT id FROM contribution_records WHERE batch_id IS NULL ORDER BY seq LIMIT $1', [limit]);
    return rows.map((r: { id: string }) => r.id);
  }

  async insertBatch(
    tx: Tx,
    b: { id: string; rootCid: string; rootDigest: string; numRecords: number; chainId: number; contractAddress: string | null },
  ): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO anchor_batches (id, root_cid, root_digest, num_records, status, chain_id, contract_address) VALUES ($1, $2, $3, $4, 'PROCESSING', $5, $6)`,
      [b.id, b.rootCid, b.rootDigest, b.numRecords, b.chainId, b.contractAddress],
    );
  }

  async findBatch(id: string, tx?: Tx): Promise<AnchorBatch | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM anchor_batches WHERE id = $1', [id]);
    return rows[0] ? batchFromRaw(rows[0]) : null;
  }

  async findBatches(ids: readonly string[]): Promise<AnchorBatch[]> {
    if (!ids.length) return [];
    return (await this.dataSource.query('SELECT * FROM anchor_batches WHERE id = ANY($1)', [ids])).map(batchFromRaw);
  }

  // Batches that need work now: new, submitted (waiting for confirmations), or due for a retry.
  async batchesToAdvance(now: Date): Promise<AnchorBatch[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM anchor_batches
        WHERE status IN ('PROCESSING', 'SUBMITTED') OR (status IN ('FAILED', 'REPLACED') AND (next_attempt_at IS NULL OR next_attempt_at <= $1))
        ORDER BY created_at`,
      [now],
    );
    return rows.map(batchFromRaw);
  }

  async anchoredSince(blockNumber: bigint): Promise<AnchorBatch[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM anchor_batches WHERE status = 'ANCHORED' AND block_number >= $1 ORDER BY block_number`,
      [blockNumber.toString()],
    );
    return rows.map(batchFromRaw);
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
    const result = await managerOf(this.dataSource, t).query(
      `UPDATE anchor_batches SET tx_hash = $3, raw_tx = $4, tx_nonce = $5, contract_address = $6, status = 'SUBMITTED', next_attempt_at = NULL
        WHERE id = $1 AND tx_hash IS NOT DISTINCT FROM $2 AND status <> 'ANCHORED' RETURNING id`,
      [batchId, expectedTxHash, tx.hash, tx.raw, tx.nonce, registry],
    );
    return returnedRows(result).length === 1;
  }

  async setStatus(
    tx: Tx,
    batchId: string,
    status: BatchStatus,
    fields: { lastError?: string | null; nextAttemptAt?: Date | null; bumpAttempts?: boolean; clearTx?: boolean } = {},
  ): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `UPDATE anchor_batches SET status = $2, last_error = coalesce($3, last_error), next_attempt_at = $4,
              attempts = attempts + CASE WHEN $5 THEN 1 ELSE 0 END,
              tx_hash = CASE WHEN $6 THEN NULL ELSE tx_hash END, raw_tx = CASE WHEN $6 THEN NULL ELSE raw_tx END,
              tx_nonce = CASE WHEN $6 THEN NULL ELSE tx_nonce END
        WHERE id = $1 AND status <> 'ANCHORED'`,
      [batchId, status, fields.lastError ?? null, fields.nextAttemptAt ?? null, !!fields.bumpAttempts, !!fields.clearTx],
    );
  }

  async markAnchored(
    tx: Tx,
    batchId: string,
    at: { txHash: string; blockNumber: bigint; blockHash: string; blockTimestamp: Date; registry: string },
  ): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `UPDATE anchor_batches SET status = 'ANCHORED', tx_hash = $2, block_number = $3, block_hash = $4, block_timestamp = $5, contract_address = $6,
              anchored_at = now(), last_error = NULL, next_attempt_at = NULL WHERE id = $1`,
      [batchId, at.txHash, at.blockNumber.toString(), at.blockHash, at.blockTimestamp, at.registry],
    );
  }

  // The chain dropped the block that held the anchor: the batch goes back to the queue
  // (same root, same paths), its records' old proofs no longer hold.
  async markReplaced(tx: Tx, batchId: string, reason: string): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `UPDATE anchor_batches SET status = 'REPLACED', last_error = $2, block_number = NULL, block_hash = NULL, block_timestamp = NULL, anchored_at = NULL, next_attempt_at = NULL WHERE id = $1`,
      [batchId, reason],
    );
  }

  async recordsOfBatch(batchId: string): Promise<Array<{ id: string; chainId: string; path: string }>> {
    const rows = await this.dataSource.query(
      'SELECT id, chain_id, merkle_path FROM contribution_records WHERE batch_id = $1 ORDER BY seq',
      [batchId],
    );
    return rows.map((r: Record<string, string>) => ({ id: r.id, chainId: r.chain_id, path: r.merkle_path }));
  }
}
