import { Logger } from '@nestjs/common';
import { aDistributor, aLeaf, anEpoch } from '../../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../../test/support/unit.js';
import type { ChainWriter } from '../../chain/chain-writer.js';
import type { AppConfig } from '../../config/config.js';
import type { OutboxRepository } from '../../outbox/outbox.repository.js';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import type { LedgerService } from '../ledger/ledger.service.js';
import type { LedgerAccount } from '../rewards.types.js';
import type { ClaimedLog, DistributorChain } from './distributor-chain.js';
import type { DistributorsRepository } from './distributors.repository.js';
import { EpochClaimsService } from './epoch-claims.service.js';
import type { EpochLeavesRepository } from './epoch-leaves.repository.js';
import type { EpochsRepository } from './epochs.repository.js';

const D = aDistributor({ deployedBlock: null });
const LEAF = aLeaf();
const EPOCH = anEpoch({ id: LEAF.epochId, status: 'PUBLISHED' });
const CLAIM: ClaimedLog = { epoch: EPOCH.number, account: LEAF.address, amount: LEAF.amountUnits, txHash: '0xc1a1', blockNumber: 80n };

const account = (id: string, kind: LedgerAccount['kind']): LedgerAccount => ({
  id,
  kind,
  ownerDid: null,
  organizationId: null,
  fund: null,
  currency: 'EUR',
  name: id,
});

function setup(o: { head?: bigint; confirmations?: number; scannedTo?: bigint | null; firstPublished?: bigint | null } = {}) {
  const epochs = mock<EpochsRepository>();
  const leaves = mock<EpochLeavesRepository>();
  const distributors = mock<DistributorsRepository>();
  const ledger = mock<LedgerService>();
  const ledgerRepo = mock<LedgerRepository>();
  const outbox = mock<OutboxRepository>();
  const writer = mock<ChainWriter>();
  writer.blockNumber.mockResolvedValue(o.head ?? 100n);
  const chain = mock<DistributorChain>({ writer });
  const { uow, tx, runs } = fakeUnitOfWork();
  distributors.claimsScannedTo.mockResolvedValue(o.scannedTo === undefined ? 49n : o.scannedTo);
  epochs.firstPublishedBlock.mockResolvedValue(o.firstPublished ?? null);
  ledgerRepo.ensureAccounts.mockResolvedValue([account('clearing', 'CLEARING'), account('wallet', 'EXTERNAL')]);
  ledger.post.mockResolvedValue('claim-transaction');
  chain.claimedLogs.mockResolvedValue([CLAIM]);
  const config = { anchoring: { confirmations: o.confirmations ?? 1 } } as AppConfig;
  const service = new EpochClaimsService(epochs, leaves, distributors, chain, ledger, ledgerRepo, outbox, uow, config);
  return { service, epochs, leaves, distributors, ledger, outbox, chain, tx, runs };
}

beforeAll(() => Logger.overrideLogger(false));

describe('EpochClaimsService.scan', () => {
  it('moves a claimed leaf from the clearing account to the wallet and advances the scanned height', async () => {
    const t = setup();
    t.leaves.leafForClaim.mockResolvedValue({ ...LEAF, epoch: EPOCH });
    await expect(t.service.scan(D)).resolves.toBe(1);
    expect(t.chain.claimedLogs).toHaveBeenCalledWith(D.address, 50n, 100n);
    expect(t.ledger.post).toHaveBeenCalledWith(
      t.tx,
      expect.objectContaining({
        kind: 'CLAIM',
        reference: `claim:${D.chainId}:${D.address}:${EPOCH.number}:${LEAF.address}`,
        entries: [
          expect.objectContaining({ accountId: 'clearing', amountMinor: -LEAF.amountMinor, currency: 'EUR' }),
          expect.objectContaining({ accountId: 'wallet', amountMinor: LEAF.amountMinor, currency: 'EUR' }),
        ],
      }),
    );
    expect(t.leaves.markClaimed).toHaveBeenCalledWith(t.tx, expect.objectContaining({ epochId: LEAF.epochId, leaf: LEAF.leaf }), {
      txHash: CLAIM.txHash,
      blockNumber: CLAIM.blockNumber,
      transactionId: 'claim-transaction',
    });
    expect(t.outbox.append).toHaveBeenCalledWith(t.tx, expect.objectContaining({ type: 'rewards.claimed', aggregateId: LEAF.epochId }));
    expect(t.distributors.setClaimsScannedTo).toHaveBeenCalledWith(t.tx, D, 100n);
  });

  it('posts a leaf claimed before only once', async () => {
    const t = setup();
    t.leaves.leafForClaim.mockResolvedValue({ ...LEAF, claimTx: '0xc1a1', epoch: EPOCH });
    await expect(t.service.scan(D)).resolves.toBe(0);
    expect(t.ledger.post).not.toHaveBeenCalled();
    expect(t.leaves.markClaimed).not.toHaveBeenCalled();
    expect(t.distributors.setClaimsScannedTo).toHaveBeenCalledWith(t.tx, D, 100n);
  });

  it.each([
    ['no leaf of this instance', null],
    ['a leaf of another amount', { ...LEAF, amountUnits: LEAF.amountUnits + 1n, epoch: EPOCH }],
  ])('posts nothing for a claim that matches %s', async (_case, leaf) => {
    const t = setup();
    t.leaves.leafForClaim.mockResolvedValue(leaf);
    await expect(t.service.scan(D)).resolves.toBe(0);
    expect(t.ledger.post).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('scans nothing while no epoch of an adopted distributor is published', async () => {
    const t = setup({ scannedTo: null, firstPublished: null });
    await expect(t.service.scan(D)).resolves.toBe(0);
    expect(t.chain.claimedLogs).not.toHaveBeenCalled();
    expect(t.runs()).toBe(0);
  });

  it('starts at the first published block when nothing was scanned yet', async () => {
    const t = setup({ scannedTo: null, firstPublished: 70n });
    t.chain.claimedLogs.mockResolvedValue([]);
    await t.service.scan(D);
    expect(t.chain.claimedLogs).toHaveBeenCalledWith(D.address, 70n, 100n);
  });

  it('leaves blocks without enough confirmations to a later pass', async () => {
    const t = setup({ head: 100n, confirmations: 3, scannedTo: 98n });
    await expect(t.service.scan(D)).resolves.toBe(0);
    expect(t.chain.claimedLogs).not.toHaveBeenCalled();
    expect(t.distributors.setClaimsScannedTo).not.toHaveBeenCalled();
  });

  it('reads a long range in spans, recording the height after each', async () => {
    const t = setup({ head: 12_000n, scannedTo: 0n });
    t.chain.claimedLogs.mockResolvedValue([]);
    await t.service.scan(D);
    expect(t.chain.claimedLogs.mock.calls.map((c) => [c[1], c[2]])).toEqual([
      [1n, 5_000n],
      [5_001n, 10_000n],
      [10_001n, 12_000n],
    ]);
    expect(t.distributors.setClaimsScannedTo.mock.calls.map((c) => c[2])).toEqual([5_000n, 10_000n, 12_000n]);
    expect(t.runs()).toBe(3);
  });
});
