import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

// Where design files live: a Kubo node when KUBO_RPC_URL is set, else a local blockstore directory.
@Injectable()
export class BlockstoreHealth {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async ping(): Promise<{ backend: string }> {
    if (this.config.ipfs.kuboRpcUrl) {
      const res = await fetch(new URL('/api/v0/version', this.config.ipfs.kuboRpcUrl), {
        method: 'POST',
        signal: AbortSignal.timeout(2000),
      });
      if (!res.ok) throw new Error(`Kubo answered ${res.status}`);
      return { backend: 'kubo' };
    }
    await mkdir(this.config.ipfs.blockstoreDir, { recursive: true });
    await access(this.config.ipfs.blockstoreDir, constants.R_OK | constants.W_OK);
    return { backend: 'local' };
  }
}
