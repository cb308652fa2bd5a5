import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChainRevertError, errorText, retryDelaySeconds } from '../../chain/chain-writer.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { DistributorChain } from './distributor-chain.js';
import { DistributorService, type LostDistributor } from './distributor.service.js';
import { EpochBuilderService } from './epoch-builder.service.js';
import { EpochClaimsService } from './epoch-claims.service.js';
import { EpochLeavesRepository } from './epoch-leaves.repository.js';
import { EpochPublisherService } from './epoch-publisher.service.js';
import { EpochsRepository } from './epochs.repository.js';
import type { RewardDistributor, RewardEpoch } from '../rewards.types.js';

export interface EpochTickReport {
  built: number; // epochs built this pass
  published: number; // epochs confirmed on chain
  claims: number; // claims posted to the ledger
  failed: number;
}

// Reward epochs, one pass at a time (the worker runs it with the anchoring pass, so every
// transaction the instance signs leaves from one place). Driven by database state: an epoch is
// built and its balances moved to the distributor's clearing account in one transaction; its
// publication is signed and stored before it is sent, re-sent as the same bytes, and adopted
// if the chain already holds its root; a pass that dies anywhere is finished by the next.
@Injectable()
export class EpochsService {
  private readonly logger = new Logger(EpochsService.name);
  private reportedGone?: string;

  constructor(
    private readonly repo: EpochsRepository,
    private readonly leaves: EpochLeavesRepository,
    private readonly distributors: DistributorService,
    private readonly chain: DistributorChain,
    private readonly claims: EpochClaimsService,
    private readonly builder: EpochBuilderService,
    private readonly publisher: EpochPublisherService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tick(now = new Date()): Promise<EpochTickReport> {
    const report: EpochTickReport = { built: 0, published: 0, claims: 0, failed: 0 };
    if (!this.chain.writer.canSign || !this.distributors.enabled) return report;
    // A chain that lost its state lost the distributor, its epochs and their claims.
    const lost = await this.distributors.check().catch((err: unknown) => {
      this.logger.warn({ msg: 'distributor check skipped: chain unreachable', err: errorText(err) });
      return null;
    });
    if (lost) {
      report.failed = await this.distributorGone(lost);
      return report;
    }
    let distributor = await this.distributors.known();
    if (distributor) report.claims = await this.claims.scan(distributor);
    if (await this.isDue(distributor, now)) {
      distributor ??= await this.distributors.resolve();
      if (distributor && (await this.builder.build(distributor, now))) report.built++;
    }
    for (const epoch of await this.repo.epochsToAdvance(now)) {
      const outcome = await this.publisher.advance(epoch).catch(async (err: unknown) => {
        await this.fail(epoch, err);
        return 'failed' as const;
      });
      if (outcome === 'published') report.published++;
      if (outcome === 'failed') report.failed++;
    }
    return report;
  }

  // An epoch is due once the last one is EPOCH_SECONDS old and someone is owed enough.
  private async isDue(distributor: RewardDistributor | null, now: Date): Promise<boolean> {
    const last = await this.repo.lastEpoch(this.chain.writer.chainId, distributor?.address ?? null);
    if (last && now.getTime() - last.createdAt.getTime() < this.config.rewards.epochSeconds * 1000) return false;
    const { epochCurrency, epochMinMinor } = this.config.rewards;
    return (await this.leaves.eligibleBalances(this.chain.writer.chainId, epochCurrency, epochMinMinor, undefined, 1)).length > 0;
  }

  // Nothing is built, published or scanned for a distributor the chain lost: its open epochs are
  // FAILED with the reason (their stored transactions named a contract that is not there), and an
  // operator is told, once per change.
  private async distributorGone(lost: LostDistributor): Promise<number> {
    const epochs = await this.repo.failEpochsOf(lost, lost.reason, this.config.anchoring);
    const key = `${lost.address}:${lost.reason}`;
    if (epochs || this.reportedGone !== key) {
      this.logger.error({
        msg: 'the reward distributor is gone from the chain; no epoch is published until an operator moves its balances to another',
        distributor: lost.address,
        chainId: lost.chainId,
        epochs,
        reason: lost.reason,
      });
      this.reportedGone = key;
    }
    return epochs;
  }

  private async fail(epoch: RewardEpoch, err: unknown): Promise<void> {
    const reason = (err instanceof ChainRevertError ? err.message : errorText(err)).slice(0, 1000);
    const delay = retryDelaySeconds(this.config.anchoring, epoch.attempts);
    await this.repo.setStatus(epoch.id, 'FAILED', {
      lastError: reason,
      nextAttemptAt: new Date(Date.now() + delay * 1000),
      bumpAttempts: true,
    });
    this.logger.error({
      msg: 'publishing a reward epoch failed; will retry',
      epoch: epoch.number,
      attempts: epoch.attempts + 1,
      retryInSeconds: delay,
      reason,
    });
  }
}
