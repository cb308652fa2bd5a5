import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, dbNow, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { BatchStatus } from '../contributions/contributions.types.js';

// How a batch's status may be changed on its way to the chain, beside the status itself.
export interface BatchStatusFields {
  lastError?: string | null;
  nextAttemptAt?: Date | null;
  bumpAttempts?: boolean;
  clearTx?: boolean;
}

// The writes of one batch's way to the chain: its signed transaction, its status while it is
// sent, waited for or retried, and its confirmed anchor. None of them touches an ANCHORED batch
// except the confirmation itself.
@Injectable()
export class AnchorSubmissionRepository {
  constructor(private readonly sql: Sql) {}

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

  async setStatus(tx: Tx, batchId: string, status: BatchStatus, fields: BatchStatusFields = {}): Promise<void> {
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
}
