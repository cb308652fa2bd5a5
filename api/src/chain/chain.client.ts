import { Inject, Injectable } from '@nestjs/common';
import { createPublicClient, http, type PublicClient } from 'viem';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';

// Read access to the EVM chain records are anchored on.
@Injectable()
export class ChainClient {
  readonly client: PublicClient;
  readonly chainId: number | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = createPublicClient({ transport: http(requireUrl(config.chain.rpcUrl, 'RPC_URL'), { retryCount: 0 }) });
    this.chainId = config.chain.chainId;
  }

  async ping(): Promise<{ chainId: number; blockNumber: string }> {
    const [chainId, block] = await Promise.all([this.client.getChainId(), this.client.getBlockNumber()]);
    if (this.chainId !== undefined && chainId !== this.chainId) {
      throw new Error(`RPC_URL serves chain ${chainId}, but CHAIN_ID is ${this.chainId}`);
    }
    return { chainId, blockNumber: block.toString() };
  }
}
