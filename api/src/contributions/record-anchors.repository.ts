import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';
import type { AnchorStatus } from './contributions.types.js';

// The anchoring state of records (batch, Merkle path, status, proof): anchoring decides it and
// writes it here, in the transaction that changes its batches.
@Injectable()
export class RecordAnchorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Puts records into a batch only if no other batch took them meanwhile; returns how many it took.
  async assignToBatch(tx: Tx, batchId: string, ids: readonly string[], paths: readonly string[]): Promise<number> {
    const result = await managerOf(this.dataSource, tx).query(
      `UPDATE contribution_records r SET batch_id = $1, merkle_path = p.path, status = 'PROCESSING'
         FROM unnest($2::text[], $3::text[]) AS p(id, path)
        WHERE r.id = p.id AND r.batch_id IS NULL
        RETURNING r.id`,
      [batchId, ids, paths],
    );
    return returnedRows(result).length;
  }

  // The records of these batches take `status`; `dropProof` when their old proofs no longer hold.
  async setStatusOfBatches(tx: Tx, batchIds: readonly string[], status: AnchorStatus, dropProof = false): Promise<void> {
    if (!batchIds.length) return;
    await managerOf(this.dataSource, tx).query(
      `UPDATE contribution_records SET status = $2${dropProof ? ', proof_cid = NULL' : ''} WHERE batch_id = ANY($1)`,
      [batchIds, status],
    );
  }

  // The batch is anchored: each of its records gets its proof (a time event block).
  async setAnchored(tx: Tx, batchId: string, proofs: ReadonlyArray<{ id: string; proofCid: string }>): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `UPDATE contribution_records r SET status = 'ANCHORED', proof_cid = p.proof FROM unnest($2::text[], $3::text[]) AS p(id, proof) WHERE r.id = p.id AND r.batch_id = $1`,
      [batchId, proofs.map((p) => p.id), proofs.map((p) => p.proofCid)],
    );
  }
}
