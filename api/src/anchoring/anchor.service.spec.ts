import { Logger } from '@nestjs/common';
import type { PublicClient } from 'viem';
import { aCid, aHash, anAnchorBatch } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import type { AppConfig } from '../config/config.js';
import type { RecordAnchorsRepository } from '../contributions/record-anchors.repository.js';
import type { ContentService } from '../ipfs/content.service.js';
import type { AnchorBatchesRepository } from './anchor-batches.repository.js';
import type { AnchorChain } from './anchor-chain.js';
import type { AnchorSubmissionService } from './anchor-submission.service.js';
import { AnchorService } from './anchor.service.js';
import type { BatchRecordsRepository } from './batch-records.repository.js';
import type { LostRegistry, RegistryService } from './registry.service.js';

const NOW = new Date('2026-01-02T12:00:00Z');
const ANCHORING = { batchSize: 3, maxDelaySeconds: 600, reorgDepth: 12, retryBaseSeconds: 30, retryMaxSeconds: 3600 };
const LOST: Omit<LostRegistry, 'redeploy'> = {
  address: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  chainId: 31337,
  reason: 'the AnchorRegistry is gone from chain 31337: no contract is left at that address',
};

function setup(o: { canSign?: boolean; waiting?: number; oldestAgeSeconds?: number } = {}) {
  const anchorBatches = mock<AnchorBatchesRepository>();
  const batchRecords = mock<BatchRecordsRepository>();
  const recordAnchors = mock<RecordAnchorsRepository>();
  const client = mock<PublicClient>();
  const chain = mock<AnchorChain>({ chainId: 31337, canSign: o.canSign ?? true });
  chain.publicClient.mockResolvedValue(client);
  const registry = mock<RegistryService>();
  const content = mock<ContentService>();
  const submission = mock<AnchorSubmissionService>();
  const { uow, tx, runs } = fakeUnitOfWork();
  registry.check.mockResolvedValue(null);
  client.getBlockNumber.mockResolvedValue(100n);
  anchorBatches.anchoredSince.mockResolvedValue([]);
  anchorBatches.batchesToAdvance.mockResolvedValue([]);
  anchorBatches.findBatch.mockImplementation(async (id) => anAnchorBatch({ id, numRecords: 3 }));
  // The records waiting: taken all at once by the first batch cut.
  const waiting = Array.from({ length: o.waiting ?? 0 }, () => aCid(0x85));
  const oldest = new Date(NOW.getTime() - (o.oldestAgeSeconds ?? 0) * 1000);
  batchRecords.unbatchedStats.mockResolvedValue({ count: waiting.length, oldest: waiting.length ? oldest : null });
  batchRecords.oldestUnbatched.mockImplementation(async (limit) => {
    batchRecords.unbatchedStats.mockResolvedValue({ count: 0, oldest: null });
    return waiting.slice(0, limit);
  });
  recordAnchors.assignToBatch.mockImplementation(async (_tx, _id, ids) => ids.length);
  const config = { anchoring: ANCHORING } as AppConfig;
  const service = new AnchorService(anchorBatches, batchRecords, recordAnchors, chain, registry, content, submission, uow, config);
  return { service, anchorBatches, batchRecords, recordAnchors, client, registry, content, submission, tx, runs, waiting };
}

beforeAll(() => Logger.overrideLogger(false));

describe('AnchorService.tick', () => {
  it('does nothing, and reads nothing, without a key to sign with', async () => {
    const t = setup({ canSign: false, waiting: 5 });
    expect(await t.service.tick(NOW)).toEqual({ batched: 0, anchored: 0, failed: 0, replaced: 0 });
    expect(t.registry.check).not.toHaveBeenCalled();
    expect(t.batchRecords.unbatchedStats).not.toHaveBeenCalled();
    expect(t.anchorBatches.batchesToAdvance).not.toHaveBeenCalled();
  });

  it('with nothing waiting and nothing to advance, cuts no batch and sends nothing', async () => {
    const t = setup();
    expect(await t.service.tick(NOW)).toEqual({ batched: 0, anchored: 0, failed: 0, replaced: 0 });
    expect(t.anchorBatches.insertBatch).not.toHaveBeenCalled();
    expect(t.submission.advance).not.toHaveBeenCalled();
    expect(t.runs()).toBe(0);
  });

  it('advances every due batch, and records a batch whose submission failed as failed without stopping the others', async () => {
    const t = setup();
    const [failing, anchored, waiting] = [anAnchorBatch(), anAnchorBatch(), anAnchorBatch()];
    const err = new Error('nonce too low');
    t.anchorBatches.batchesToAdvance.mockResolvedValue([failing, anchored, waiting]);
    t.submission.advance.mockImplementation(async (b) => {
      if (b === failing) throw err;
      return b === anchored ? 'anchored' : 'waiting';
    });
    expect(await t.service.tick(NOW)).toEqual({ batched: 0, anchored: 1, failed: 1, replaced: 0 });
    expect(t.anchorBatches.batchesToAdvance).toHaveBeenCalledWith(NOW);
    expect(t.submission.fail).toHaveBeenCalledTimes(1);
    expect(t.submission.fail).toHaveBeenCalledWith(failing, err);
  });

  it('on a chain that lost its own registry, sends every batch of it back to be anchored again, records and proofs too', async () => {
    const t = setup();
    const lost = { ...LOST, redeploy: true };
    t.registry.check.mockResolvedValue(lost);
    t.anchorBatches.reanchorBatchesOf.mockResolvedValue(['b1', 'b2']);
    expect((await t.service.tick(NOW)).replaced).toBe(2);
    expect(t.anchorBatches.reanchorBatchesOf).toHaveBeenCalledWith(t.tx, lost.chainId, lost.address, lost.reason);
    expect(t.recordAnchors.setStatusOfBatches).toHaveBeenCalledWith(t.tx, ['b1', 'b2'], 'REPLACED', true);
    expect(t.registry.forget).toHaveBeenCalledWith(lost);
    expect(t.anchorBatches.batchesToAdvance).toHaveBeenCalled(); // anchored again, to a new registry
  });

  it('when a configured registry is gone, fails the open batches with the reason and sends nothing', async () => {
    const t = setup({ waiting: 3 });
    const lost = { ...LOST, redeploy: false };
    t.registry.check.mockResolvedValue(lost);
    t.anchorBatches.failBatchesOf.mockResolvedValue(['b1']);
    const report = await t.service.tick(NOW);
    expect(report).toMatchObject({ batched: 3, failed: 1 });
    expect(t.anchorBatches.failBatchesOf).toHaveBeenCalledWith(t.tx, lost.chainId, lost.address, lost.reason, ANCHORING);
    expect(t.recordAnchors.setStatusOfBatches).toHaveBeenCalledWith(t.tx, ['b1'], 'FAILED');
    expect(t.registry.adoptIfPresent).toHaveBeenCalledWith(lost);
    expect(t.anchorBatches.batchesToAdvance).not.toHaveBeenCalled();
    expect(t.submission.advance).not.toHaveBeenCalled();
  });

  it('goes on with batching and sending when the chain cannot be reached for the checks', async () => {
    const t = setup();
    t.registry.check.mockRejectedValue(new Error('ECONNREFUSED'));
    t.client.getBlockNumber.mockRejectedValue(new Error('ECONNREFUSED'));
    t.anchorBatches.batchesToAdvance.mockResolvedValue([anAnchorBatch()]);
    t.submission.advance.mockResolvedValue('waiting');
    expect(await t.service.tick(NOW)).toEqual({ batched: 0, anchored: 0, failed: 0, replaced: 0 });
    expect(t.submission.advance).toHaveBeenCalledTimes(1);
  });
});

describe('AnchorService.cutBatch', () => {
  it('builds a batch of the oldest records once enough wait: its tree stored, the batch and its records written together', async () => {
    const t = setup({ waiting: 4 });
    const batch = await t.service.cutBatch(NOW);
    expect(t.batchRecords.oldestUnbatched).toHaveBeenCalledWith(ANCHORING.batchSize);
    const [[tx, inserted]] = t.anchorBatches.insertBatch.mock.calls as [[unknown, Parameters<AnchorBatchesRepository['insertBatch']>[1]]];
    expect(tx).toBe(t.tx);
    expect(inserted).toMatchObject({ numRecords: 3, chainId: 31337, contractAddress: null });
    expect(inserted.rootDigest).toMatch(/^0x[0-9a-f]{64}$/);
    const [, batchId, ids, paths] = t.recordAnchors.assignToBatch.mock.calls[0]!;
    expect([batchId, ids]).toEqual([inserted.id, t.waiting.slice(0, 3)]);
    expect(paths).toHaveLength(3);
    const [, roots] = t.content.putBlocks.mock.calls[0]!;
    expect(roots!.map(String)).toEqual([inserted.rootCid]);
    expect(t.runs()).toBe(1);
    expect(batch?.id).toBe(inserted.id);
  });

  it('cuts a smaller batch once the oldest record has waited long enough', async () => {
    const t = setup({ waiting: 1, oldestAgeSeconds: ANCHORING.maxDelaySeconds });
    expect(await t.service.cutBatch(NOW)).not.toBeNull();
    expect(t.anchorBatches.insertBatch).toHaveBeenCalledWith(t.tx, expect.objectContaining({ numRecords: 1 }));
  });

  it('waits while too few records wait for too short a time', async () => {
    const t = setup({ waiting: 2, oldestAgeSeconds: ANCHORING.maxDelaySeconds - 1 });
    expect(await t.service.cutBatch(NOW)).toBeNull();
    expect(t.batchRecords.oldestUnbatched).not.toHaveBeenCalled();
    expect(t.runs()).toBe(0);
  });

  it('gives the batch up when another batch took some of its records meanwhile', async () => {
    const t = setup({ waiting: 3 });
    t.recordAnchors.assignToBatch.mockResolvedValue(2);
    expect(await t.service.cutBatch(NOW)).toBeNull();
    expect(t.anchorBatches.findBatch).not.toHaveBeenCalled();
  });

  it('lets a database failure reach the caller', async () => {
    const t = setup({ waiting: 3 });
    t.anchorBatches.insertBatch.mockRejectedValue(new Error('connection terminated'));
    await expect(t.service.cutBatch(NOW)).rejects.toThrow('connection terminated');
  });
});

describe('AnchorService.checkReorgs', () => {
  it('sends a batch whose block left the canonical chain back to be anchored, its records’ proofs dropped', async () => {
    const t = setup();
    const kept = anAnchorBatch({ status: 'ANCHORED', blockNumber: 95n, blockHash: aHash() });
    const orphaned = anAnchorBatch({ status: 'ANCHORED', blockNumber: 97n, blockHash: aHash() });
    t.anchorBatches.anchoredSince.mockResolvedValue([kept, orphaned]);
    t.client.getBlock.mockImplementation((async ({ blockNumber }: { blockNumber: bigint }) => ({
      hash: blockNumber === kept.blockNumber ? kept.blockHash : aHash(),
    })) as never);
    expect(await t.service.checkReorgs()).toBe(1);
    expect(t.anchorBatches.anchoredSince).toHaveBeenCalledWith(100n - BigInt(ANCHORING.reorgDepth));
    expect(t.anchorBatches.markReplaced).toHaveBeenCalledTimes(1);
    expect(t.anchorBatches.markReplaced).toHaveBeenCalledWith(t.tx, orphaned.id, expect.stringContaining('left the canonical chain'));
    expect(t.recordAnchors.setStatusOfBatches).toHaveBeenCalledWith(t.tx, [orphaned.id], 'REPLACED', true);
  });

  it('treats an anchor above the chain’s head as gone', async () => {
    const t = setup();
    const ahead = anAnchorBatch({ status: 'ANCHORED', blockNumber: 101n, blockHash: aHash() });
    t.anchorBatches.anchoredSince.mockResolvedValue([ahead]);
    expect(await t.service.checkReorgs()).toBe(1);
    expect(t.client.getBlock).not.toHaveBeenCalled();
  });
});
