import { Inject, Injectable } from '@nestjs/common';
import type { PublicClient } from 'viem';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';
import { jsonRpc } from './json-rpc.js';
import { loadViem } from './viem.js';

// Read access to the EVM chain records are anchored on. Created on first use, so tools that never
// touch the chain (e.g. importing designs from the CLI) need no RPC_URL, and a process that only
// answers /ready never loads viem: its ping is two plain JSON-RPC requests.
@Injectable()
export class ChainClient {
  readonly chainId: number | undefined;
  private instance?: Promise<PublicClient>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.chainId = config.chain.chainId;
  }

  publicClient(): Promise<PublicClient> {
    return (this.instance ??= (async () => {
      const url = requireUrl(this.config.chain.rpcUrl, 'RPC_URL');
      const { createPublicClient, http } = await loadViem();
      return createPublicClient({ cacheTime: 0, transport: http(url, { retryCount: 0 }) });
    })());
  }

  async ping(signal?: AbortSignal): Promise<{ chainId: number; blockNumber: string }> {
    const url = requireUrl(this.config.chain.rpcUrl, 'RPC_URL');
    const [chainHex, blockHex] = await Promise.all([
      jsonRpc<string>(url, 'eth_chainId', { signal }),
      jsonRpc<string>(url, 'eth_blockNumber', { signal }),
    ]);
    const chainId = Number(BigInt(chainHex));
    if (this.chainId !== undefined && chainId !== this.chainId) {
      throw new Error(`RPC_URL serves chain ${chainId}, but CHAIN_ID is ${this.chainId}`);
    }
    return { chainId, blockNumber: BigInt(blockHex).toString() };
  }
}
