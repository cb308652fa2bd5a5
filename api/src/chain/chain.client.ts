import { Inject, Injectable } from '@nestjs/common';
import { createPublicClient, http, type PublicClient } from 'viem';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';

// Read access to the EVM chain records are anchored on. Created on first use, so tools that never
// touch the chain (e.g. importing designs from the CLI) need no RPC_URL.
@Injectable()
export class ChainClient {
  readonly chainId: number | undefined;
  private instance?: PublicClient;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.chainId = config.chain.chainId;
  }

  get client(): PublicClient {
    this.instance ??= createPublicClient({
      cacheTime: 0,
      transport: http(requireUrl(this.config.chain.rpcUrl, 'RPC_URL'), { retryCount: 0 }),
    });
    return this.instance;
  }

  async ping(): Promise<{ chainId: number; blockNumber: string }> {
    const [chainId, block] = await Promise.all([this.client.getChainId(), this.client.getBlockNumber()]);
    if (this.chainId !== undefined && chainId !== this.chainId) {
      throw new Error(`RPC_URL serves chain ${chainId}, but CHAIN_ID is ${this.chainId}`);
    }
    return { chainId, blockNumber: block.toString() };
  }
}
