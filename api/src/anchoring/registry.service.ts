import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { DEV_CHAIN_ID, type AppConfig } from '../config/config.js';
import { AnchorChain } from './anchor-chain.js';
import { AnchorRegistriesRepository } from './anchor-registries.repository.js';

// The registry a check found gone from the chain, and whether this instance may deploy another.
export interface LostRegistry {
  address: `0x${string}`;
  chainId: number;
  reason: string;
  redeploy: boolean;
}

// Which AnchorRegistry this instance anchors to: ANCHOR_REGISTRY_ADDRESS when set; otherwise,
// outside production or on a development chain, one it deployed itself (kept in the database).
// Each is recorded with the genesis block of the chain it was found on, so `check` can tell when
// the chain lost its state (restarted without it, reset): no code at the address, or a new genesis.
@Injectable()
export class RegistryService {
  private readonly logger = new Logger(RegistryService.name);
  private current?: `0x${string}`;

  constructor(
    private readonly chain: AnchorChain,
    private readonly registries: AnchorRegistriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Deploys its own registry: never with ANCHOR_REGISTRY_ADDRESS, and in production only on a development chain.
  get mayDeploy(): boolean {
    return !this.config.anchoring.registryAddress && (this.config.env !== 'production' || this.chain.chainId === DEV_CHAIN_ID);
  }

  async address(): Promise<`0x${string}`> {
    if (this.current) return this.current;
    const configured = this.config.anchoring.registryAddress;
    if (configured) {
      if (!(await this.chain.hasCode(configured)))
        throw new Error(`ANCHOR_REGISTRY_ADDRESS ${configured} holds no contract on chain ${this.chain.chainId}`);
      return (this.current = configured);
    }
    const anchorer = await this.chain.anchorer();
    const known = await this.registries.findRegistry(this.chain.chainId, anchorer);
    if (known && (await this.chain.hasCode(known.address))) return (this.current = known.address);
    if (!this.mayDeploy)
      throw new Error('No AnchorRegistry configured: deploy one with npm run deploy:contracts and set ANCHOR_REGISTRY_ADDRESS');
    if (known) {
      this.logger.warn({ msg: 'the chain no longer holds the anchor registry; deploying a new one', address: known.address });
      await this.registries.forgetRegistry(this.chain.chainId, known.address);
    }
    const genesisHash = await this.chain.genesisHash();
    const deployed = await this.chain.deployRegistry();
    await this.registries.insertRegistry({
      chainId: this.chain.chainId,
      address: deployed.address,
      anchorer,
      deployTx: deployed.txHash,
      deployedBlock: deployed.blockNumber,
      genesisHash,
    });
    // Two workers deploying at once settle on the first one recorded.
    const settled = (await this.registries.findRegistry(this.chain.chainId, anchorer))!.address;
    this.logger.log({ msg: 'anchor registry deployed', address: settled, chainId: this.chain.chainId });
    return (this.current = settled);
  }

  // Is the registry in use still on this chain? Two reads a pass (block 0 and the code). Null when
  // it is (or none is in use yet); the lost registry otherwise.
  async check(): Promise<LostRegistry | null> {
    const chainId = this.chain.chainId;
    const configured = this.config.anchoring.registryAddress;
    const row = configured
      ? await this.registries.registryAt(chainId, configured)
      : await this.registries.findRegistry(chainId, await this.chain.anchorer());
    const address = configured ?? row?.address;
    if (!address) return null;
    const [genesis, code] = await Promise.all([this.chain.genesisHash(), this.chain.hasCode(address)]);
    if (code && !row) {
      await this.registries.insertRegistry({
        chainId,
        address,
        anchorer: await this.chain.anchorer(),
        deployTx: null,
        deployedBlock: null,
        genesisHash: genesis,
      });
      return null;
    }
    if (code && row && !row.genesisHash) await this.registries.setRegistryGenesis(chainId, address, genesis);
    if (code && (!row?.genesisHash || row.genesisHash === genesis)) return null;
    this.current = undefined;
    const why = code ? `the chain was reset (its genesis block is now ${genesis})` : 'no contract is left at that address';
    return { address, chainId, redeploy: this.mayDeploy, reason: `the AnchorRegistry ${address} is gone from chain ${chainId}: ${why}` };
  }

  // A registry deployed anew on the reset chain replaces the lost one.
  async forget(lost: LostRegistry): Promise<void> {
    this.current = undefined;
    await this.registries.forgetRegistry(lost.chainId, lost.address);
  }

  // A configured registry that is there again on the new chain (redeployed at the same address)
  // is taken as this chain's from now on.
  async adoptIfPresent(lost: LostRegistry): Promise<void> {
    if (await this.chain.hasCode(lost.address))
      await this.registries.setRegistryGenesis(lost.chainId, lost.address, await this.chain.genesisHash());
  }
}
