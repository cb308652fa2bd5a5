import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { REDIS } from '../redis/redis.module.js';

// Activities a peer address may post to this instance's inboxes per minute
// (FEDERATION_INBOX_RATE_PER_MINUTE), counted in Redis (rate-limiter-flexible: atomic, shared by
// every API process). Over it: 429 with Retry-After, which senders' retry queues honour. A Redis
// that fails lets activities in (signatures are still checked): federation does not stop with it.
@Injectable()
export class InboxThrottle {
  private readonly logger = new Logger('federation');
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.queuePrefix}:inbox-per-address`,
      points: config.federation.inboxRatePerMinute,
      duration: 60,
    });
  }

  // Null when the activity may come in; otherwise the seconds to wait.
  async admit(address: string): Promise<number | null> {
    try {
      await this.limiter.consume(address);
      return null;
    } catch (err) {
      if (err instanceof RateLimiterRes) return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      this.logger.warn({ msg: 'inbox rate limit not checked (Redis failed)', err: String(err) });
      return null;
    }
  }
}
