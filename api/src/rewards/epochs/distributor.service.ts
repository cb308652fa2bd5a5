import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import { DEV_CHAIN_ID, type AppConfig } from '../../config/config.js';
import { DistributorChain } from './distributor-chain.js';
import { DistributorsRepository } from './distributors.repository.js';
import type { RewardDistributor } from '../rewards.types.js';

// Which RewardDistributor this instance publishes epochs to: REWARD_DISTRIBUTOR_ADDRESS when set
// (its token read from the contract, its publisher checked against our signer); otherwise,
// on the development chain outside production, one it deployed itself with a TestToken.
// Anywhere else without an address, epochs are off and balances stay off chain.
export interface LostDistributor {
  chainId: number;
  address: `0x${string}`;
  reason: string;
}

@Injectable()
export class DistributorService {
  private readonly logger = new Logger(DistributorService.name);
  private current?: RewardDistributor;

  constructor(
    private readonly chain: DistributorChain,
    private readonly repo: DistributorsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Epochs are on with a configured distributor, or where this instance may deploy its own.
  get enabled(): boolean {
    return !!this.config.rewards.distributorAddress || this.mayDeploy;
  }

  get mayDeploy(): boolean {
    return !this.config.rewards.distributorAddress && this.chain.writer.chainId === DEV_CHAIN_ID && this.config.env !== 'production';
  }

  // The distributor in use, without deploying one (null when there is none yet, or epochs are off).
  // The distributor at an address (an epoch names the one it was built for).
  at(chainId: number, address: string): Promise<RewardDistributor | null> {
    return this.repo.findDistributorAt(chainId, address);
  }

  async known(): Promise<RewardDistributor | null> {
    if (this.current) return this.current;
    const chainId = this.chain.writer.chainId;
    const configured = this.config.rewards.distributorAddress?.toLowerCase() as `0x${string}` | undefined;
    if (configured) {
      const stored = await this.repo.findDistributorAt(chainId, configured);
      if (stored) return (this.current = stored);
      if (!(await this.chain.writer.hasCode(configured)))
        throw new Error(`REWARD_DISTRIBUTOR_ADDRESS ${configured} holds no contract on chain ${chainId}`);
      const publisher = (await this.chain.publisherOf(configured)).toLowerCase() as `0x${string}`;
      const signer = await this.chain.writer.address();
      if (publisher !== signer.toLowerCase())
        throw new Error(`the RewardDistributor at ${configured} is published to by ${publisher}, not by this instance's signer ${signer}`);
      const token = (await this.chain.tokenOf(configured)).toLowerCase() as `0x${string}`;
      await this.repo.insertDistributor({
        chainId,
        address: configured,
        token,
        publisher,
        deployTx: null,
        deployedBlock: null,
        genesisHash: await this.chain.writer.genesisHash(),
      });
      return (this.current = (await this.repo.findDistributorAt(chainId, configured))!);
    }
    if (!this.mayDeploy) return null;
    const stored = await this.repo.findDistributor(chainId, await this.chain.writer.address());
    if (stored && (await this.chain.writer.hasCode(stored.address))) return (this.current = stored);
    return null;
  }

  // Is the distributor in use still on this chain (code at its address, the genesis it was found
  // on)? Null when it is, or none is in use yet. A lost one is not replaced, not even on the
  // development chain: its epochs' balances sit in its clearing account, and moving them to another
  // distributor is a ledger correction for an operator to make.
  async check(): Promise<LostDistributor | null> {
    const chainId = this.chain.writer.chainId;
    const configured = this.config.rewards.distributorAddress?.toLowerCase();
    const row = configured
      ? await this.repo.findDistributorAt(chainId, configured)
      : this.mayDeploy
        ? await this.repo.findDistributor(chainId, await this.chain.writer.address())
        : null;
    if (!row) return null;
    const [genesis, code] = await Promise.all([this.chain.writer.genesisHash(), this.chain.writer.hasCode(row.address)]);
    if (code && !row.genesisHash) await this.repo.setDistributorGenesis(chainId, row.address, genesis);
    if (code && (!row.genesisHash || row.genesisHash === genesis)) return null;
    this.current = undefined;
    const why = code ? `the chain was reset (its genesis block is now ${genesis})` : 'no contract is left at that address';
    return { chainId, address: row.address, reason: `the RewardDistributor ${row.address} is gone from chain ${chainId}: ${why}` };
  }

  // The distributor, deploying a TestToken and a distributor on the development chain if needed.
  async resolve(): Promise<RewardDistributor | null> {
    const known = await this.known();
    if (known || !this.mayDeploy) return known;
    const chainId = this.chain.writer.chainId;
    const genesisHash = await this.chain.writer.genesisHash();
    const token = await this.chain.deployTestToken(this.config.rewards.epochCurrency);
    const deployed = await this.chain.deployDistributor(token.address);
    const publisher = (await this.chain.writer.address()).toLowerCase() as `0x${string}`;
    await this.repo.insertDistributor({
      chainId,
      address: deployed.address.toLowerCase() as `0x${string}`,
      token: token.address.toLowerCase() as `0x${string}`,
      publisher,
      deployTx: deployed.txHash,
      deployedBlock: deployed.blockNumber,
      genesisHash,
    });
    this.logger.log({
      msg: 'reward distributor deployed on the development chain',
      address: deployed.address,
      token: token.address,
      chainId,
    });
    return (this.current = (await this.repo.findDistributor(chainId, publisher))!);
  }
}
