import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { AnchorBatch } from '../contributions/contributions.types.js';
import { RecordAnchorsRepository } from '../contributions/record-anchors.repository.js';
import { buildMerkleBatch, rootDigest } from '../contributions/merkle.js';
import { UnitOfWork } from '../database/transaction.js';
import { ContentService } from '../ipfs/content.service.js';
import { AnchorChain, errorText } from './anchor-chain.js';
import { AnchorSubmissionService } from './anchor-submission.service.js';
import { AnchorBatchesRepository } from './anchor-batches.repository.js';
import { BatchRecordsRepository } from './batch-records.repository.js';
import { RegistryService, type LostRegistry } from './registry.service.js';

export interface TickReport {
  batched: number; // records put into new batches
  anchored: number; // batches confirmed
  failed: number; // batches that failed this tick
  replaced: number; // batches whose block left the chain, or whose registry the chain lost
}

// The anchoring loop, one tick at a time (the worker runs it on a schedule). Every step is
// driven by database state, so a tick that dies anywhere is finished by the next one:
// a batch's transaction is signed and stored before it is sent, re-sent as the same bytes,
// and a root the chain already holds is adopted instead of anchored again.
@Injectable()
export class AnchorService {
  private readonly logger = new Logger(AnchorService.name);
  private warnedNoSigner = false;
  private reportedGone?: string;

  constructor(
    private readonly anchorBatches: AnchorBatchesRepository,
    private readonly batchRecords: BatchRecordsRepository,
    private readonly recordAnchors: RecordAnchorsRepository,
    private readonly chain: AnchorChain,
    private readonly registry: RegistryService,
    private readonly content: ContentService,
    private readonly submission: AnchorSubmissionService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tick(now = new Date()): Promise<TickReport> {
    const report: TickReport = { batched: 0, anchored: 0, failed: 0, replaced: 0 };
    if (!this.chain.canSign) {
      // Only outside production (where the key is required): say so once, loudly.
      if (!this.warnedNoSigner) this.logger.warn({ msg: 'anchoring is off: CHAIN_SIGNER_KEY is not set; records stay PENDING' });
      this.warnedNoSigner = true;
      return report;
    }
    // A chain that lost its state (restarted without it, reset) lost the registry and every anchor.
    const lost = await this.registry.check().catch((err: unknown) => {
      this.logger.warn({ msg: 'registry check skipped: chain unreachable', err: errorText(err) });
      return null;
    });
    if (lost?.redeploy) report.replaced += await this.registryLost(lost);
    else if (!lost)
      report.replaced += await this.checkReorgs().catch((err: unknown) => {
        this.logger.warn({ msg: 'reorg check skipped: chain unreachable', err: errorText(err) });
        return 0;
      });
    for (;;) {
      const batch = await this.cutBatch(now);
      if (!batch) break;
      report.batched += batch.numRecords;
    }
    if (lost && !lost.redeploy) {
      // Nothing can be anchored until an operator acts: every open batch FAILED, saying why.
      report.failed = await this.registryGone(lost);
      return report;
    }
    for (const batch of await this.anchorBatches.batchesToAdvance(now)) {
      const outcome = await this.submission.advance(batch).catch(async (err: unknown) => {
        await this.submission.fail(batch, err);
        return 'failed' as const;
      });
      if (outcome === 'anchored') report.anchored++;
      if (outcome === 'failed') report.failed++;
    }
    return report;
  }

  // Takes the oldest waiting records into a new batch when enough wait or the oldest waited
  // long enough. The tree is built outside the transaction; the records are then taken only
  // if no other batch took them meanwhile.
  async cutBatch(now = new Date()): Promise<AnchorBatch | null> {
    const { batchSize, maxDelaySeconds } = this.config.anchoring;
    const stats = await this.batchRecords.unbatchedStats();
    if (!stats.count) return null;
    const due = stats.count >= batchSize || (stats.oldest !== null && now.getTime() - stats.oldest.getTime() >= maxDelaySeconds * 1000);
    if (!due) return null;
    const ids = await this.batchRecords.oldestUnbatched(batchSize);
    const tree = await buildMerkleBatch(ids.map((id) => CID.parse(id)));
    await this.content.putBlocks(
      [...tree.blocks].map(([cid, bytes]) => ({ cid: CID.parse(cid), bytes })),
      [tree.root],
    );
    const id = randomUUID();
    const taken = await this.uow
      .run(async (tx) => {
        await this.anchorBatches.insertBatch(tx, {
          id,
          rootCid: tree.root.toString(),
          rootDigest: rootDigest(tree.root),
          numRecords: ids.length,
          chainId: this.chain.chainId,
          contractAddress: null,
        });
        const n = await this.recordAnchors.assignToBatch(tx, id, ids, tree.paths);
        if (n !== ids.length) throw new BatchRaceError();
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof BatchRaceError) return false;
        throw err;
      });
    if (!taken) return null;
    this.logger.log({ msg: 'records batched', batchId: id, records: ids.length, root: tree.root.toString() });
    return this.anchorBatches.findBatch(id);
  }

  // On a chain where this instance deploys its own registry: every batch anchored or sent to the
  // lost one is anchored again, to a new registry the next step deploys.
  private async registryLost(lost: LostRegistry): Promise<number> {
    const batches = await this.uow.run(async (tx) => {
      const ids = await this.anchorBatches.reanchorBatchesOf(tx, lost.chainId, lost.address, lost.reason);
      await this.recordAnchors.setStatusOfBatches(tx, ids, 'REPLACED', true);
      return ids.length;
    });
    await this.registry.forget(lost);
    this.logger.warn({
      msg: 'the chain lost the anchor registry; deploying a new one and anchoring its batches again',
      registry: lost.address,
      chainId: lost.chainId,
      batches,
      reason: lost.reason,
    });
    return batches;
  }

  // Elsewhere the registry is deployed on purpose, once: anchoring stops, loudly, until it is back
  // (redeployed at that address, or another one configured).
  private async registryGone(lost: LostRegistry): Promise<number> {
    const batches = await this.uow.run(async (tx) => {
      const ids = await this.anchorBatches.failBatchesOf(tx, lost.chainId, lost.address, lost.reason, this.config.anchoring);
      await this.recordAnchors.setStatusOfBatches(tx, ids, 'FAILED');
      return ids.length;
    });
    const key = `${lost.address}:${lost.reason}`;
    if (batches || this.reportedGone !== key) {
      this.logger.error({
        msg: 'the anchor registry is gone from the chain; nothing is anchored until it is redeployed or ANCHOR_REGISTRY_ADDRESS names another',
        registry: lost.address,
        chainId: lost.chainId,
        batches,
        reason: lost.reason,
      });
      this.reportedGone = key;
    }
    await this.registry.adoptIfPresent(lost);
    return batches;
  }

  // Anchors in recent blocks are re-checked: if their block left the canonical chain, the
  // batch is REPLACED and goes back through AnchorSubmissionService.advance() (the same root, re-sent or re-mined).
  async checkReorgs(): Promise<number> {
    const depth = BigInt(this.config.anchoring.reorgDepth);
    if (depth === 0n) return 0;
    const client = await this.chain.publicClient();
    const head = await client.getBlockNumber();
    let replaced = 0;
    for (const batch of await this.anchorBatches.anchoredSince(head > depth ? head - depth : 0n)) {
      const block = batch.blockNumber! > head ? null : await client.getBlock({ blockNumber: batch.blockNumber! }).catch(() => null);
      if (block?.hash === batch.blockHash) continue;
      await this.uow.run(async (tx) => {
        await this.anchorBatches.markReplaced(tx, batch.id, `block ${batch.blockNumber} (${batch.blockHash}) left the canonical chain`);
        await this.recordAnchors.setStatusOfBatches(tx, [batch.id], 'REPLACED', true);
      });
      this.logger.warn({ msg: 'anchor reorganised away; anchoring again', batchId: batch.id, block: batch.blockNumber!.toString() });
      replaced++;
    }
    return replaced;
  }
}

class BatchRaceError extends Error {}
