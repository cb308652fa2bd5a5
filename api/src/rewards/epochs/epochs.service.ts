import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import type { TransactionReceipt } from 'viem';
import { ChainRevertError, errorText, retryDelaySeconds } from '../../chain/chain-writer.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { formatMinor, minorDigits } from '../../common/money.js';
import { UnitOfWork } from '../../database/transaction.js';
import { OutboxRepository } from '../../outbox/outbox.repository.js';
import { DistributorChain } from './distributor-chain.js';
import { DistributorService, type LostDistributor } from './distributor.service.js';
import { EpochClaimsService } from './epoch-claims.service.js';
import { epochAccounts } from './epoch-accounts.js';
import { EpochsRepository } from './epochs.repository.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { LedgerService } from '../ledger/ledger.service.js';
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
    private readonly distributors: DistributorService,
    private readonly chain: DistributorChain,
    private readonly claims: EpochClaimsService,
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
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
      if (distributor && (await this.build(distributor, now))) report.built++;
    }
    for (const epoch of await this.repo.epochsToAdvance(now)) {
      const outcome = await this.advance(epoch).catch(async (err: unknown) => {
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
    return (await this.repo.eligibleBalances(this.chain.writer.chainId, epochCurrency, epochMinMinor, undefined, 1)).length > 0;
  }

  // Gathers every eligible balance into a new epoch: the tree, the leaves with their proofs and
  // the ledger transaction that moves the balances to the clearing account commit together.
  async build(d: RewardDistributor, now = new Date()): Promise<RewardEpoch | null> {
    const { epochCurrency: currency, epochMinMinor, epochSeconds } = this.config.rewards;
    const decimals = await this.chain.decimals(d.token);
    const digits = minorDigits(currency);
    if (decimals < digits) throw new Error(`the reward token ${d.token} has ${decimals} decimals, fewer than ${currency}'s ${digits}`);
    const scale = 10n ** BigInt(decimals - digits);
    const builtAtBlock = await this.chain.writer.client.getBlockNumber();
    const epoch = await this.uow.run(async (tx) => {
      await this.repo.lockEpochs(tx, d);
      const last = await this.repo.lastEpoch(d.chainId, d.address, tx);
      if (last && now.getTime() - last.createdAt.getTime() < epochSeconds * 1000) return null;
      const balances = await this.repo.eligibleBalances(d.chainId, currency, epochMinMinor, tx);
      if (!balances.length) return null;
      const number = (last?.number ?? 0) + 1;
      const tree = StandardMerkleTree.of(
        balances.map((b) => [b.address, (b.balanceMinor * scale).toString()]),
        ['address', 'uint256'],
      );
      const totalMinor = balances.reduce((s, b) => s + b.balanceMinor, 0n);
      const [clearing] = await this.ledgerRepo.ensureAccounts(tx, [epochAccounts.clearing(d, currency)]);
      const transactionId = await this.ledger.post(tx, {
        kind: 'EPOCH',
        reference: `epoch:${d.chainId}:${d.address}:${number}`,
        memo: `reward epoch ${number}: ${balances.length} balance(s) made claimable on chain ${d.chainId}`,
        entries: [
          ...balances.map((b) => ({
            accountId: b.ledgerAccountId,
            amountMinor: -b.balanceMinor,
            currency,
            memo: `epoch ${number}: claimable on chain by ${b.address}`,
          })),
          { accountId: clearing!.id, amountMinor: totalMinor, currency, memo: `epoch ${number}: ${balances.length} claim(s)` },
        ],
      });
      const created = await this.repo.insertEpoch(tx, {
        id: randomUUID(),
        chainId: d.chainId,
        distributor: d.address,
        number,
        token: d.token,
        tokenDecimals: decimals,
        currency,
        root: tree.root as `0x${string}`,
        leaves: balances.length,
        totalMinor,
        totalUnits: totalMinor * scale,
        ledgerTransactionId: transactionId,
        builtAtBlock,
      });
      await this.repo.insertLeaves(
        tx,
        balances.map((b, i) => ({
          epochId: created.id,
          leaf: i,
          accountId: b.accountId,
          ledgerAccountId: b.ledgerAccountId,
          address: b.address,
          amountMinor: b.balanceMinor,
          amountUnits: b.balanceMinor * scale,
          proof: tree.getProof(i) as `0x${string}`[],
        })),
      );
      await this.outbox.append(tx, {
        type: 'rewards.epoch-built',
        aggregateType: 'reward-epoch',
        aggregateId: created.id,
        payload: {
          epochId: created.id,
          chainId: d.chainId,
          distributor: d.address,
          number,
          root: created.root,
          leaves: balances.length,
          totalMinor: totalMinor.toString(),
          currency,
        },
      });
      return created;
    });
    if (epoch)
      this.logger.log({
        msg: 'reward epoch built',
        epoch: epoch.number,
        leaves: epoch.leaves,
        total: formatMinor(epoch.totalMinor, currency),
        currency,
        distributor: d.address,
      });
    return epoch;
  }

  async advance(epoch: RewardEpoch): Promise<'published' | 'waiting'> {
    const d = (await this.distributors.at(epoch.chainId, epoch.distributor))!;
    // An epoch of a distributor no longer in use may name one the chain lost: send nothing to it.
    if (!(await this.chain.writer.hasCode(d.address)))
      throw new Error(`the RewardDistributor ${d.address} holds no contract on chain ${d.chainId}`);
    if (epoch.txHash && epoch.rawTx) {
      const receipt = await this.chain.writer.receipt(epoch.txHash);
      if (receipt) return this.settle(epoch, receipt, d);
      if (await this.chain.writer.isPending(epoch.txHash)) return 'waiting';
      // The node lost it (restart, reorg, eviction): send the very same bytes again.
      if ((await this.chain.writer.broadcast(epoch.rawTx)) !== 'nonce-used') return 'waiting';
      const adopted = await this.adoptExisting(epoch, d);
      if (adopted) return adopted;
      // Our nonce went to another transaction; sign anew.
      await this.repo.setStatus(epoch.id, 'BUILT', { clearTx: true });
      epoch = { ...epoch, txHash: null, rawTx: null, status: 'BUILT' };
    }
    const adopted = await this.adoptExisting(epoch, d);
    if (adopted) return adopted;
    if (!(await this.funded(epoch, d))) return 'waiting';
    const signed = await this.chain.signPublish(d.address, epoch.number, epoch.root, epoch.totalUnits);
    if (!(await this.repo.setSignedTx(epoch.id, epoch.txHash, signed))) return 'waiting'; // another pass got there first
    await this.chain.writer.broadcast(signed.raw);
    this.logger.log({ msg: 'reward epoch sent', epoch: epoch.number, txHash: signed.hash });
    const receipt = await this.chain.writer.receipt(signed.hash);
    return receipt ? this.settle({ ...epoch, txHash: signed.hash }, receipt, d) : 'waiting';
  }

  // The distributor must hold what every epoch owes: on the development chain the instance mints
  // its own test tokens; elsewhere the epoch waits, saying how much to send, until someone does.
  private async funded(epoch: RewardEpoch, d: RewardDistributor): Promise<boolean> {
    const needed = await this.repo.outstandingUnits(d);
    const held = await this.chain.balanceOf(d.token, d.address);
    if (held >= needed) return true;
    if (await this.chain.canMint(d.token)) {
      await this.chain.mint(d.token, d.address, needed - held);
      return true;
    }
    const message = `the distributor ${d.address} holds ${held} token units but owes ${needed}: send ${needed - held} units of ${d.token} to it`;
    if (epoch.status !== 'AWAITING_FUNDS' || epoch.lastError !== message) {
      await this.repo.setStatus(epoch.id, 'AWAITING_FUNDS', { lastError: message });
      this.logger.warn({
        msg: 'reward epoch waits for funds',
        epoch: epoch.number,
        heldUnits: held.toString(),
        neededUnits: needed.toString(),
        token: d.token,
      });
    }
    return false;
  }

  // The chain already holds this epoch (sent before a crash): take that transaction. Another
  // root under our number means this database and the chain disagree; that needs an operator.
  private async adoptExisting(epoch: RewardEpoch, d: RewardDistributor): Promise<'published' | 'waiting' | null> {
    const onChain = await this.chain.rootOf(d.address, epoch.number);
    if (BigInt(onChain) === 0n) return null;
    if (onChain.toLowerCase() !== epoch.root.toLowerCase())
      throw new ChainRevertError(
        'EpochExists',
        `epoch ${epoch.number} already holds another root on chain (${onChain}); this database and the chain disagree`,
      );
    const hash = await this.chain.findPublishTx(d.address, epoch.number, epoch.builtAtBlock ?? d.deployedBlock ?? 0n);
    const receipt = hash ? await this.chain.writer.receipt(hash) : null;
    if (!receipt) return null;
    return this.settle({ ...epoch, txHash: receipt.transactionHash }, receipt, d);
  }

  private async settle(epoch: RewardEpoch, receipt: TransactionReceipt, d: RewardDistributor): Promise<'published' | 'waiting'> {
    if (receipt.status !== 'success') {
      const adopted = await this.adoptExisting(epoch, d);
      if (adopted) return adopted;
      throw new Error(`the publish transaction ${receipt.transactionHash} reverted`);
    }
    if (!this.chain.publishedIn(receipt, epoch.distributor, epoch.number, epoch.root))
      throw new Error(`transaction ${receipt.transactionHash} published no epoch ${epoch.number} with this root`);
    const { confirmed, timestamp } = await this.chain.writer.isConfirmed(receipt, this.config.anchoring.confirmations);
    if (!confirmed) {
      if (epoch.status !== 'SUBMITTED') await this.repo.setStatus(epoch.id, 'SUBMITTED');
      return 'waiting';
    }
    await this.repo.markPublished(epoch.id, {
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      publishedAt: timestamp!,
    });
    this.logger.log({
      msg: 'reward epoch published',
      epoch: epoch.number,
      txHash: receipt.transactionHash,
      block: receipt.blockNumber.toString(),
    });
    return 'published';
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
