import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { hex, oneOf } from '../database/row-checks.js';
import { db, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { BATCH_STATUSES, type AnchorBatch } from '../contributions/contributions.types.js';
import { sameAddress } from './anchor-registries.repository.js';

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

// Anchor batches as the anchoring loop sees them: cut, found, due for work, and sent back when
// the chain took their anchor away (a reorganisation, a lost registry). The writes of one
// batch's way to the chain are AnchorSubmissionRepository's.
@Injectable()
export class AnchorBatchesRepository {
  constructor(private readonly sql: Sql) {}

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
}
