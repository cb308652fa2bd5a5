import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { DEV_CHAIN_ID, type AppConfig } from '../config/config.js';
import { AnchorChain } from './anchor-chain.js';
import { AnchoringRepository } from './anchoring.repository.js';

// Which AnchorRegistry this instance anchors to: ANCHOR_REGISTRY_ADDRESS when set; otherwise,
// outside production or on a development chain, one it deployed itself (kept in the database,
// deployed again if the chain forgot it).
@Injectable()
export class RegistryService {
  private readonly logger = new Logger(RegistryService.name);
  private current?: `0x${string}`;

  constructor(
    private readonly chain: AnchorChain,
    private readonly repo: AnchoringRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async address(): Promise<`0x${string}`> {
    if (this.current) return this.current;
    const configured = this.config.anchoring.registryAddress;
    if (configured) {
      if (!(await this.chain.hasCode(configured))) throw new Error(`ANCHOR_REGISTRY_ADDRESS ${configured} holds no contract on chain ${this.chain.chainId}`);
      return (this.current = configured);
    }
    const known = await this.repo.findRegistry(this.chain.chainId, this.chain.anchorer);
    if (known && (await this.chain.hasCode(known.address))) return (this.current = known.address);
    if (this.config.env === 'production' && this.chain.chainId !== DEV_CHAIN_ID) {
      throw new Error('No AnchorRegistry configured: deploy one with npm run deploy:contracts and set ANCHOR_REGISTRY_ADDRESS');
    }
    if (known) {
      this.logger.warn({ msg: 'the chain no longer holds the anchor registry; deploying a new one', address: known.address });
      await this.repo.forgetRegistry(this.chain.chainId, known.address);
    }
    const deployed = await this.chain.deployRegistry();
    await this.repo.insertRegistry({ chainId: this.chain.chainId, address: deployed.address, anchorer: this.chain.anchorer, deployTx: deployed.txHash, deployedBlock: deployed.blockNumber });
    // Two workers deploying at once settle on the first one recorded.
    const settled = (await this.repo.findRegistry(this.chain.chainId, this.chain.anchorer))!.address;
    this.logger.log({ msg: 'anchor registry deployed', address: settled, chainId: this.chain.chainId });
    return (this.current = settled);
  }
}
