import { Logger } from '@nestjs/common';
import type { TransactionReceipt } from 'viem';
import { aCid, aHash, anAnchorBatch } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import type { AppConfig } from '../config/config.js';
import type { AnchorBatch } from '../contributions/contributions.types.js';
import type { RecordAnchorsRepository } from '../contributions/record-anchors.repository.js';
import type { ContentService } from '../ipfs/content.service.js';
import { ChainRevertError, type AnchorChain } from './anchor-chain.js';
import type { AnchorSubmissionRepository } from './anchor-submission.repository.js';
import { AnchorSubmissionService } from './anchor-submission.service.js';
import type { BatchRecordsRepository } from './batch-records.repository.js';
import type { RegistryService } from './registry.service.js';

const REGISTRY = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const ANCHORING = { confirmations: 2, retryBaseSeconds: 30, retryMaxSeconds: 3600 };
const BLOCK_TIME = new Date('2026-01-02T00:00:00Z');

const aReceipt = (over: Partial<TransactionReceipt> = {}) =>
  ({ status: 'success', transactionHash: aHash(), blockNumber: 42n, blockHash: aHash(), logs: [], ...over }) as TransactionReceipt;

// A batch whose transaction was signed and stored by an earlier pass.
const aSubmittedBatch = (over: Partial<AnchorBatch> = {}) =>
  anAnchorBatch({ status: 'SUBMITTED', txHash: aHash(), rawTx: '0x02f8aa', txNonce: 7, contractAddress: REGISTRY, ...over });

function setup() {
  const repo = mock<AnchorSubmissionRepository>();
  const batchRecords = mock<BatchRecordsRepository>();
  const recordAnchors = mock<RecordAnchorsRepository>();
  const chain = mock<AnchorChain>({ chainId: 31337 });
  const registry = mock<RegistryService>();
  const content = mock<ContentService>();
  const { uow, tx, runs } = fakeUnitOfWork();
  const signed = { hash: aHash(), raw: '0x02f8b1' as const, nonce: 8 };
  registry.address.mockResolvedValue(REGISTRY);
  chain.anchoredAt.mockResolvedValue(0n);
  chain.signAnchor.mockResolvedValue(signed);
  chain.broadcast.mockResolvedValue('sent');
  chain.receipt.mockResolvedValue(null);
  chain.isPending.mockResolvedValue(false);
  chain.anchoredEvent.mockResolvedValue({ records: 2n });
  chain.isConfirmed.mockResolvedValue({ confirmed: true, timestamp: BLOCK_TIME });
  repo.setSignedTx.mockResolvedValue(true);
  const records = [
    { id: aCid(0x85), chainId: aCid(0x85), path: '0' },
    { id: aCid(0x85), chainId: aCid(0x85), path: '1' },
  ];
  batchRecords.recordsOfBatch.mockResolvedValue(records);
  const config = { anchoring: ANCHORING } as AppConfig;
  const service = new AnchorSubmissionService(repo, batchRecords, recordAnchors, chain, registry, content, uow, config);
  return { service, repo, batchRecords, recordAnchors, chain, registry, content, tx, runs, signed, records };
}

type Setup = ReturnType<typeof setup>;
const statusesSet = (t: Setup) => t.repo.setStatus.mock.calls.map(([, , status]) => status);
function expectNotAnchored(t: Setup) {
  expect(t.repo.markAnchored).not.toHaveBeenCalled();
  expect(t.recordAnchors.setAnchored).not.toHaveBeenCalled();
}

beforeAll(() => Logger.overrideLogger(false));

describe('AnchorSubmissionService.advance: a new batch', () => {
  it('stores the signed transaction and marks the records before broadcasting it', async () => {
    const t = setup();
    const batch = anAnchorBatch();
    expect(await t.service.advance(batch)).toBe('waiting');
    expect(t.chain.signAnchor).toHaveBeenCalledWith(REGISTRY, batch.rootDigest, batch.numRecords);
    expect(t.repo.setSignedTx).toHaveBeenCalledWith(t.tx, batch.id, null, REGISTRY, t.signed);
    expect(t.recordAnchors.setStatusOfBatches).toHaveBeenCalledWith(t.tx, [batch.id], 'PROCESSING');
    expect(t.chain.broadcast).toHaveBeenCalledWith(t.signed.raw);
    expect(t.repo.setSignedTx.mock.invocationCallOrder[0]).toBeLessThan(t.chain.broadcast.mock.invocationCallOrder[0]!);
    expectNotAnchored(t);
  });

  it('sends nothing when another pass stored a transaction for the batch first', async () => {
    const t = setup();
    t.repo.setSignedTx.mockResolvedValue(false);
    expect(await t.service.advance(anAnchorBatch())).toBe('waiting');
    expect(t.chain.broadcast).not.toHaveBeenCalled();
    expect(t.recordAnchors.setStatusOfBatches).not.toHaveBeenCalled();
  });

  it('adopts the transaction of a root the registry already holds instead of anchoring it again', async () => {
    const t = setup();
    const batch = anAnchorBatch();
    const earlier = aReceipt();
    t.chain.anchoredAt.mockResolvedValue(41n);
    t.chain.findAnchorTx.mockResolvedValue(earlier.transactionHash);
    t.chain.receipt.mockImplementation(async (hash) => (hash === earlier.transactionHash ? earlier : null));
    expect(await t.service.advance(batch)).toBe('anchored');
    expect(t.chain.findAnchorTx).toHaveBeenCalledWith(REGISTRY, batch.rootDigest, 41n);
    expect(t.chain.signAnchor).not.toHaveBeenCalled();
    expect(t.chain.broadcast).not.toHaveBeenCalled();
    expect(t.repo.markAnchored).toHaveBeenCalledWith(t.tx, batch.id, expect.objectContaining({ txHash: earlier.transactionHash }));
  });

  it('lets a refused anchor call (dry run) reach the caller, having stored nothing', async () => {
    const t = setup();
    t.chain.signAnchor.mockRejectedValue(new ChainRevertError('AlreadyAnchored', 'AnchorRegistry reverted: AlreadyAnchored'));
    await expect(t.service.advance(anAnchorBatch())).rejects.toBeInstanceOf(ChainRevertError);
    expect(t.runs()).toBe(0);
    expect(t.chain.broadcast).not.toHaveBeenCalled();
  });
});

describe('AnchorSubmissionService.advance: a batch already sent', () => {
  it('waits for a transaction the node still holds, without signing or sending again', async () => {
    const t = setup();
    const batch = aSubmittedBatch();
    t.chain.isPending.mockResolvedValue(true);
    expect(await t.service.advance(batch)).toBe('waiting');
    expect(t.chain.isPending).toHaveBeenCalledWith(batch.txHash);
    expect(t.chain.signAnchor).not.toHaveBeenCalled();
    expect(t.chain.broadcast).not.toHaveBeenCalled();
    expect(t.repo.setStatus).not.toHaveBeenCalled();
  });

  it('re-sends the very same bytes when the node lost the transaction', async () => {
    const t = setup();
    const batch = aSubmittedBatch();
    expect(await t.service.advance(batch)).toBe('waiting');
    expect(t.chain.broadcast).toHaveBeenCalledTimes(1);
    expect(t.chain.broadcast).toHaveBeenCalledWith(batch.rawTx);
    expect(t.chain.signAnchor).not.toHaveBeenCalled();
    expect(t.repo.setSignedTx).not.toHaveBeenCalled();
    expect(statusesSet(t)).toEqual(['SUBMITTED']);
  });

  it('signs anew, replacing the stored transaction, only when its nonce went to another one', async () => {
    const t = setup();
    const batch = aSubmittedBatch();
    t.chain.broadcast.mockResolvedValueOnce('nonce-used');
    expect(await t.service.advance(batch)).toBe('waiting');
    expect(t.repo.setStatus).toHaveBeenCalledWith(t.tx, batch.id, 'PROCESSING', { clearTx: true });
    expect(t.repo.setSignedTx).toHaveBeenCalledWith(t.tx, batch.id, null, REGISTRY, t.signed);
    expect(t.chain.broadcast.mock.calls.map(([raw]) => raw)).toEqual([batch.rawTx, t.signed.raw]);
  });

  it('waits for confirmations, marking the batch SUBMITTED', async () => {
    const t = setup();
    const batch = aSubmittedBatch({ status: 'FAILED' });
    t.chain.receipt.mockResolvedValue(aReceipt({ transactionHash: batch.txHash! }));
    t.chain.isConfirmed.mockResolvedValue({ confirmed: false });
    expect(await t.service.advance(batch)).toBe('waiting');
    expect(t.chain.isConfirmed).toHaveBeenCalledWith(expect.anything(), ANCHORING.confirmations);
    expect(statusesSet(t)).toEqual(['SUBMITTED']);
    expect(t.recordAnchors.setStatusOfBatches).toHaveBeenCalledWith(t.tx, [batch.id], 'PROCESSING');
    expectNotAnchored(t);
  });
});

describe('AnchorSubmissionService.advance: confirmation', () => {
  it('stores the proof and each record’s time event, then marks the batch and its records ANCHORED together', async () => {
    const t = setup();
    const batch = aSubmittedBatch();
    const receipt = aReceipt({ transactionHash: batch.txHash! });
    t.chain.receipt.mockResolvedValue(receipt);
    expect(await t.service.advance(batch)).toBe('anchored');
    expect(t.chain.anchoredEvent).toHaveBeenCalledWith(receipt, REGISTRY, batch.rootDigest);
    const [blocks] = t.content.putBlocks.mock.calls[0]!;
    expect(blocks).toHaveLength(3); // the batch's proof and one time event per record
    expect(t.repo.markAnchored).toHaveBeenCalledWith(t.tx, batch.id, {
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      blockTimestamp: BLOCK_TIME,
      registry: REGISTRY,
    });
    const [, , proofs] = t.recordAnchors.setAnchored.mock.calls[0]!;
    expect(t.batchRecords.recordsOfBatch).toHaveBeenCalledWith(batch.id);
    expect(proofs.map((p) => p.id)).toEqual(t.records.map((r) => r.id));
    expect(t.runs()).toBe(1);
    expect(t.content.putBlocks.mock.invocationCallOrder[0]).toBeLessThan(t.repo.markAnchored.mock.invocationCallOrder[0]!);
  });

  it('refuses a reverted transaction whose root is not on chain', async () => {
    const t = setup();
    const batch = aSubmittedBatch();
    t.chain.receipt.mockResolvedValue(aReceipt({ status: 'reverted', transactionHash: batch.txHash! }));
    await expect(t.service.advance(batch)).rejects.toThrow(`the anchor transaction ${batch.txHash} reverted`);
    expectNotAnchored(t);
  });

  it('refuses a receipt without the Anchored event for this root', async () => {
    const t = setup();
    const batch = aSubmittedBatch();
    t.chain.receipt.mockResolvedValue(aReceipt({ transactionHash: batch.txHash! }));
    t.chain.anchoredEvent.mockResolvedValue(null);
    await expect(t.service.advance(batch)).rejects.toThrow(/emitted no Anchored event/);
    expectNotAnchored(t);
  });
});

describe('AnchorSubmissionService.fail', () => {
  it('records the failure on the batch and its records, retried after a backoff that grows with the attempts', async () => {
    const t = setup();
    const batch = anAnchorBatch({ attempts: 2 });
    const before = Date.now();
    await t.service.fail(batch, new Error('connection refused'));
    const [tx, id, status, fields] = t.repo.setStatus.mock.calls[0]!;
    expect([tx, id, status]).toEqual([t.tx, batch.id, 'FAILED']);
    expect(fields).toMatchObject({ lastError: 'connection refused', bumpAttempts: true });
    const delayMs = fields!.nextAttemptAt!.getTime() - before;
    expect(delayMs).toBeGreaterThanOrEqual(120_000); // 30 s × 2²
    expect(delayMs).toBeLessThan(121_000);
    expect(t.recordAnchors.setStatusOfBatches).toHaveBeenCalledWith(t.tx, [batch.id], 'FAILED');
  });

  it('keeps a contract revert’s own message as the reason', async () => {
    const t = setup();
    await t.service.fail(anAnchorBatch(), new ChainRevertError('NotAnchorer', 'AnchorRegistry reverted: NotAnchorer'));
    expect(t.repo.setStatus.mock.calls[0]![3]).toMatchObject({ lastError: 'AnchorRegistry reverted: NotAnchorer' });
  });

  it('caps the backoff', async () => {
    const t = setup();
    const before = Date.now();
    await t.service.fail(anAnchorBatch({ attempts: 30 }), new Error('down'));
    expect(t.repo.setStatus.mock.calls[0]![3]!.nextAttemptAt!.getTime() - before).toBeLessThan(3_601_000);
  });
});
