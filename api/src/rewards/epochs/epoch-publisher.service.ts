import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TransactionReceipt } from 'viem';
import { ChainRevertError } from '../../chain/chain-writer.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { DistributorChain } from './distributor-chain.js';
import { DistributorService } from './distributor.service.js';
import { EpochsRepository } from './epochs.repository.js';
import type { RewardDistributor, RewardEpoch } from '../rewards.types.js';

// Publishing a built epoch's root on chain: signed and stored before it is sent, re-sent as the
// same bytes, adopted if the chain already holds it, and published once confirmed.
@Injectable()
export class EpochPublisherService {
  private readonly logger = new Logger(EpochPublisherService.name);

  constructor(
    private readonly repo: EpochsRepository,
    private readonly distributors: DistributorService,
    private readonly chain: DistributorChain,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    if (!(await this.chain.publishedIn(receipt, epoch.distributor, epoch.number, epoch.root)))
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
}
