import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { AnchorStatus } from './contributions.types.js';

// The anchoring state of records (batch, Merkle path, status, proof): anchoring decides it and
// writes it here, in the transaction that changes its batches.
@Injectable()
export class RecordAnchorsRepository {
  constructor(private readonly sql: Sql) {}

  // Puts records into a batch only if no other batch took them meanwhile; returns how many it took.
  async assignToBatch(tx: Tx, batchId: string, ids: readonly string[], paths: readonly string[]): Promise<number> {
    const taken = await this.sql.all(
      raw<{ id: string }>`UPDATE contribution_records r SET batch_id = ${batchId}, merkle_path = p.path, status = 'PROCESSING'
         FROM unnest(${[...ids]}::text[], ${[...paths]}::text[]) AS p(id, path)
        WHERE r.id = p.id AND r.batch_id IS NULL
        RETURNING r.id`,
      tx,
    );
    return taken.length;
  }

  // The records of these batches take `status`; `dropProof` when their old proofs no longer hold.
  async setStatusOfBatches(tx: Tx, batchIds: readonly string[], status: AnchorStatus, dropProof = false): Promise<void> {
    if (!batchIds.length) return;
    await this.sql.run(
      db
        .updateTable('contribution_records')
        .set(dropProof ? { status, proof_cid: null } : { status })
        .where((eb) => eb('batch_id', '=', eb.fn.any(eb.val([...batchIds])))),
      tx,
    );
  }

  // The batch is anchored: each of its records gets its proof (a time event block).
  async setAnchored(tx: Tx, batchId: string, proofs: ReadonlyArray<{ id: string; proofCid: string }>): Promise<void> {
    await this.sql.run(
      raw`UPDATE contribution_records r SET status = 'ANCHORED', proof_cid = p.proof
            FROM unnest(${proofs.map((p) => p.id)}::text[], ${proofs.map((p) => p.proofCid)}::text[]) AS p(id, proof)
           WHERE r.id = p.id AND r.batch_id = ${batchId}`,
      tx,
    );
  }
}
