import { Logger } from '@nestjs/common';
import { aDistributor, anEpoch } from '../../../../test/support/domain-factories.js';
import { mock } from '../../../../test/support/unit.js';
import type { ChainWriter } from '../../chain/chain-writer.js';
import type { AppConfig } from '../../config/config.js';
import type { DistributorChain } from './distributor-chain.js';
import type { DistributorService } from './distributor.service.js';
import type { EpochBuilderService } from './epoch-builder.service.js';
import type { EpochClaimsService } from './epoch-claims.service.js';
import type { EpochLeavesRepository } from './epoch-leaves.repository.js';
import type { EpochPublisherService } from './epoch-publisher.service.js';
import type { EpochsRepository } from './epochs.repository.js';
import { EpochsService } from './epochs.service.js';

const D = aDistributor();
const NOW = new Date('2026-02-01T12:00:00Z');
const HOUR = 3_600_000;
const config = {
  rewards: { epochSeconds: 3600, epochCurrency: 'EUR', epochMinMinor: 100n },
  anchoring: { confirmations: 1, retryBaseSeconds: 10, retryMaxSeconds: 600 },
} as AppConfig;
const balance = { accountId: 'a', ledgerAccountId: 'l', address: D.publisher, balanceMinor: 500n };

function setup(o: { canSign?: boolean; enabled?: boolean } = {}) {
  const epochs = mock<EpochsRepository>();
  const leaves = mock<EpochLeavesRepository>();
  const distributors = mock<DistributorService>({ enabled: o.enabled ?? true });
  const writer = mock<ChainWriter>();
  Object.assign(writer, { canSign: o.canSign ?? true, chainId: D.chainId });
  const chain = mock<DistributorChain>({ writer });
  const claims = mock<EpochClaimsService>();
  const builder = mock<EpochBuilderService>();
  const publisher = mock<EpochPublisherService>();
  distributors.check.mockResolvedValue(null);
  distributors.known.mockResolvedValue(D);
  distributors.resolve.mockResolvedValue(D);
  claims.scan.mockResolvedValue(0);
  epochs.lastEpoch.mockResolvedValue(anEpoch({ createdAt: new Date(NOW.getTime() - 2 * HOUR) }));
  leaves.eligibleBalances.mockResolvedValue([balance]);
  builder.build.mockResolvedValue(anEpoch());
  epochs.epochsToAdvance.mockResolvedValue([]);
  const service = new EpochsService(epochs, leaves, distributors, chain, claims, builder, publisher, config);
  return { service, epochs, leaves, distributors, claims, builder, publisher };
}

beforeAll(() => Logger.overrideLogger(false));

describe('EpochsService.tick', () => {
  it.each([
    ['without a signer', { canSign: false }],
    ['with epochs off', { enabled: false }],
  ])('does nothing %s', async (_case, o) => {
    const t = setup(o);
    await expect(t.service.tick(NOW)).resolves.toEqual({ built: 0, published: 0, claims: 0, failed: 0 });
    expect(t.distributors.check).not.toHaveBeenCalled();
    expect(t.builder.build).not.toHaveBeenCalled();
    expect(t.epochs.epochsToAdvance).not.toHaveBeenCalled();
  });

  it('fails the open epochs of a distributor the chain lost, and builds, scans and publishes nothing', async () => {
    const t = setup();
    const lost = { chainId: D.chainId, address: D.address, reason: 'no contract is left at that address' };
    t.distributors.check.mockResolvedValue(lost);
    t.epochs.failEpochsOf.mockResolvedValue(2);
    await expect(t.service.tick(NOW)).resolves.toMatchObject({ failed: 2, built: 0 });
    expect(t.epochs.failEpochsOf).toHaveBeenCalledWith(lost, lost.reason, config.anchoring);
    expect(t.claims.scan).not.toHaveBeenCalled();
    expect(t.builder.build).not.toHaveBeenCalled();
    expect(t.epochs.epochsToAdvance).not.toHaveBeenCalled();
  });

  it('goes on when the chain cannot be asked whether the distributor is still there', async () => {
    const t = setup();
    t.distributors.check.mockRejectedValue(new Error('connection refused'));
    await expect(t.service.tick(NOW)).resolves.toMatchObject({ built: 1 });
    expect(t.epochs.failEpochsOf).not.toHaveBeenCalled();
  });

  it('scans claims and builds an epoch once the last one is old enough and someone is owed enough', async () => {
    const t = setup();
    t.claims.scan.mockResolvedValue(3);
    await expect(t.service.tick(NOW)).resolves.toEqual({ built: 1, published: 0, claims: 3, failed: 0 });
    expect(t.leaves.eligibleBalances).toHaveBeenCalledWith(D.chainId, 'EUR', 100n, undefined, 1);
    expect(t.builder.build).toHaveBeenCalledWith(D, NOW);
  });

  it('builds nothing while the last epoch is younger than EPOCH_SECONDS', async () => {
    const t = setup();
    t.epochs.lastEpoch.mockResolvedValue(anEpoch({ createdAt: new Date(NOW.getTime() - HOUR / 2) }));
    await expect(t.service.tick(NOW)).resolves.toMatchObject({ built: 0 });
    expect(t.builder.build).not.toHaveBeenCalled();
  });

  it('builds nothing while nobody is owed the minimum', async () => {
    const t = setup();
    t.leaves.eligibleBalances.mockResolvedValue([]);
    await t.service.tick(NOW);
    expect(t.builder.build).not.toHaveBeenCalled();
  });

  it('deploys or adopts a distributor only when the first epoch is due', async () => {
    const t = setup();
    t.distributors.known.mockResolvedValue(null);
    t.epochs.lastEpoch.mockResolvedValue(null);
    await t.service.tick(NOW);
    expect(t.claims.scan).not.toHaveBeenCalled();
    expect(t.distributors.resolve).toHaveBeenCalled();
    expect(t.builder.build).toHaveBeenCalledWith(D, NOW);
  });

  it('counts published epochs, and marks one whose publication failed for a retry with backoff', async () => {
    const t = setup();
    const ok = anEpoch({ number: 1 });
    const broken = anEpoch({ number: 2, attempts: 2 });
    t.epochs.epochsToAdvance.mockResolvedValue([ok, broken]);
    t.publisher.advance.mockImplementation((e) => (e === ok ? Promise.resolve('published') : Promise.reject(new Error('nonce too low'))));
    await expect(t.service.tick(NOW)).resolves.toMatchObject({ published: 1, failed: 1 });
    expect(t.epochs.setStatus).toHaveBeenCalledTimes(1);
    expect(t.epochs.setStatus).toHaveBeenCalledWith(broken.id, 'FAILED', {
      lastError: expect.stringContaining('nonce too low'),
      nextAttemptAt: expect.any(Date),
      bumpAttempts: true,
    });
    const retryAt = t.epochs.setStatus.mock.calls[0]![2]!.nextAttemptAt!.getTime();
    expect(retryAt - Date.now()).toBeGreaterThan(35_000); // 10 s × 2² = 40 s
    expect(retryAt - Date.now()).toBeLessThanOrEqual(40_000);
  });
});
