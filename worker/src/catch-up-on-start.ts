import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { FederationService } from '../../api/src/federation/federation.service.js';

// A worker that starts may have been away: deliveries to this instance failed meanwhile, or Redis
// lost queued work. It catches up with every followed organization of another instance at once
// (one round per start), instead of waiting for the hourly round or the senders' retries.
@Injectable()
export class CatchUpOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('federation');

  constructor(
    private readonly federation: FederationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.http.publicUrl) return;
    const actors = await this.federation.scheduleCatchUp(undefined, `start-${Date.now()}`).catch((err: unknown) => {
      this.logger.warn({ msg: 'could not schedule the catch-up with followed actors', err: String(err) });
      return 0;
    });
    if (actors) this.logger.log({ msg: 'catching up with followed actors', actors });
  }
}
