import { Inject, Injectable, Logger } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import type { TransactionReceipt } from 'viem';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { AnchorBatch, AnchorStatus, BatchStatus } from '../contributions/contributions.types.js';
import { RecordAnchorsRepository } from '../contributions/record-anchors.repository.js';
import { UnitOfWork } from '../database/transaction.js';
import { ContentService } from '../ipfs/content.service.js';
import { retryDelaySeconds } from '../chain/chain-writer.js';
import { AnchorChain, ChainRevertError, errorText } from './anchor-chain.js';
import { AnchorSubmissionRepository, type BatchStatusFields } from './anchor-submission.repository.js';
import { BatchRecordsRepository } from './batch-records.repository.js';
import { RegistryService } from './registry.service.js';
import { TX_TYPE, caip2, encodeBlock, txHashCid, type AnchorProof, type TimeEvent } from './time-event.js';

// Record status that mirrors each batch status.
export const RECORD_STATUS: Record<BatchStatus, AnchorStatus> = {
  PROCESSING: 'PROCESSING',
  SUBMITTED: 'PROCESSING',
  ANCHORED: 'ANCHORED',
  FAILED: 'FAILED',
  REPLACED: 'REPLACED',
};

// One batch on its way to the chain: its root signed and stored before it is sent, re-sent as the
// same bytes, adopted if the chain already holds it, and once confirmed its proof and each
// record's time event stored. Failures stay on the batch and its records, retried with backoff.
@Injectable()
export class AnchorSubmissionService {
  private readonly logger = new Logger(AnchorSubmissionService.name);

  constructor(
    private readonly repo: AnchorSubmissionRepository,
    private readonly batchRecords: BatchRecordsRepository,
    private readonly recordAnchors: RecordAnchorsRepository,
    private readonly chain: AnchorChain,
    private readonly registry: RegistryService,
    private readonly content: ContentService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async advance(batch: AnchorBatch): Promise<'anchored' | 'waiting' | 'failed'> {
    if (batch.txHash && batch.rawTx && batch.contractAddress) {
      const receipt = await this.chain.receipt(batch.txHash);
      if (receipt) return this.settle(batch, batch.contractAddress, receipt);
      if (await this.chain.isPending(batch.txHash)) return this.waiting(batch);
      // The node lost it (restart, reorg, eviction): send the very same bytes again.
      const sent = await this.chain.broadcast(batch.rawTx);
      if (sent !== 'nonce-used') return this.waiting(batch, true);
      const adopted = await this.adoptExisting(batch, batch.contractAddress);
      if (adopted) return adopted;
      // Our nonce went to another transaction; sign anew.
      await this.setStatus(batch.id, 'PROCESSING', { clearTx: true });
      batch = { ...batch, txHash: null, rawTx: null, status: 'PROCESSING' };
    }
    const registry = await this.registry.address();
    const adopted = await this.adoptExisting(batch, registry);
    if (adopted) return adopted;
    const signed = await this.chain.signAnchor(registry, batch.rootDigest, batch.numRecords);
    const claimed = await this.uow.run(async (tx) => {
      if (!(await this.repo.setSignedTx(tx, batch.id, batch.txHash, registry, signed))) return false;
      await this.recordAnchors.setStatusOfBatches(tx, [batch.id], RECORD_STATUS.SUBMITTED);
      return true;
    });
    if (!claimed) return 'waiting'; // another tick got there first
    await this.chain.broadcast(signed.raw);
    this.logger.log({ msg: 'anchor sent', batchId: batch.id, txHash: signed.hash, registry });
    const receipt = await this.chain.receipt(signed.hash);
    return receipt ? this.settle({ ...batch, txHash: signed.hash }, registry, receipt) : 'waiting';
  }

  // The root is already on chain (sent before a crash, or by a parallel tick): take that anchor.
  private async adoptExisting(batch: AnchorBatch, registry: `0x${string}`): Promise<'anchored' | 'waiting' | null> {
    const at = await this.chain.anchoredAt(registry, batch.rootDigest);
    if (at === 0n) return null;
    const hash = await this.chain.findAnchorTx(registry, batch.rootDigest, at);
    const receipt = hash ? await this.chain.receipt(hash) : null;
    if (!hash || !receipt) return null;
    this.logger.log({ msg: 'root already anchored; adopting that transaction', batchId: batch.id, txHash: hash });
    return this.settle({ ...batch, txHash: hash }, registry, receipt);
  }

  private async settle(batch: AnchorBatch, registry: `0x${string}`, receipt: TransactionReceipt): Promise<'anchored' | 'waiting'> {
    if (receipt.status !== 'success') {
      const adopted = await this.adoptExisting(batch, registry);
      if (adopted) return adopted;
      throw new Error(`the anchor transaction ${receipt.transactionHash} reverted`);
    }
    if (!(await this.chain.anchoredEvent(receipt, registry, batch.rootDigest))) {
      throw new Error(`transaction ${receipt.transactionHash} emitted no Anchored event for this root: is ${registry} an AnchorRegistry?`);
    }
    const { confirmed, timestamp } = await this.chain.isConfirmed(receipt, this.config.anchoring.confirmations);
    if (!confirmed) return this.waiting(batch);
    const proof = await encodeBlock({
      chainId: caip2(this.chain.chainId),
      root: CID.parse(batch.rootCid),
      txHash: txHashCid(receipt.transactionHash),
      txType: TX_TYPE,
      contract: registry.toLowerCase(),
    } satisfies AnchorProof);
    const records = await this.batchRecords.recordsOfBatch(batch.id);
    const events = await Promise.all(
      records.map(async (r) => ({
        id: r.id,
        block: await encodeBlock({ id: CID.parse(r.chainId), prev: CID.parse(r.id), proof: proof.cid, path: r.path } satisfies TimeEvent),
      })),
    );
    await this.content.putBlocks([proof, ...events.map((e) => e.block)], [proof.cid]);
    await this.uow.run(async (tx) => {
      await this.repo.markAnchored(tx, batch.id, {
        txHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        blockHash: receipt.blockHash,
        blockTimestamp: timestamp!,
        registry,
      });
      await this.recordAnchors.setAnchored(
        tx,
        batch.id,
        events.map((e) => ({ id: e.id, proofCid: e.block.cid.toString() })),
      );
    });
    this.logger.log({
      msg: 'batch anchored',
      batchId: batch.id,
      records: records.length,
      txHash: receipt.transactionHash,
      block: receipt.blockNumber.toString(),
    });
    return 'anchored';
  }

  // A batch's status and, mirrored, its records' (written by contributions), together.
  private async setStatus(batchId: string, status: BatchStatus, fields?: BatchStatusFields): Promise<void> {
    await this.uow.run(async (tx) => {
      await this.repo.setStatus(tx, batchId, status, fields);
      await this.recordAnchors.setStatusOfBatches(tx, [batchId], RECORD_STATUS[status]);
    });
  }

  private async waiting(batch: AnchorBatch, resent = false): Promise<'waiting'> {
    if (batch.status !== 'SUBMITTED' || resent) await this.setStatus(batch.id, 'SUBMITTED');
    return 'waiting';
  }

  // Failures are kept on the batch (and shown on its records) and retried with backoff.
  async fail(batch: AnchorBatch, err: unknown): Promise<void> {
    const reason = err instanceof ChainRevertError ? err.message : `${errorText(err)}`.slice(0, 1000);
    const delay = retryDelaySeconds(this.config.anchoring, batch.attempts);
    await this.setStatus(batch.id, 'FAILED', { lastError: reason, nextAttemptAt: new Date(Date.now() + delay * 1000), bumpAttempts: true });
    this.logger.error({
      msg: 'anchoring failed; will retry',
      batchId: batch.id,
      attempts: batch.attempts + 1,
      retryInSeconds: delay,
      reason,
    });
  }
}
