import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { REDIS } from '../redis/redis.module.js';

// NIST SP 800-63B §5.2.2: limit consecutive failed sign-ins per account. A window
// rather than a permanent lock, so an attacker can delay a person, not lock them out.
export const MAX_FAILURES = 20;
export const WINDOW_SECONDS = 15 * 60;

@Injectable()
export class LoginThrottle {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redis.queuePrefix}:login-failures:`;
  }

  async assertAllowed(email: string): Promise<void> {
    const key = this.prefix + email;
    const failures = Number((await this.redis.get(key)) ?? 0);
    if (failures >= MAX_FAILURES) {
      const ttl = await this.redis.ttl(key);
      throw new RateLimitedError('Too many failed sign-ins for this account. Try again later.', Math.max(ttl, 1));
    }
  }

  async recordFailure(email: string): Promise<void> {
    const key = this.prefix + email;
    await this.redis.multi().incr(key).expire(key, WINDOW_SECONDS, 'NX').exec();
  }

  async reset(email: string): Promise<void> {
    await this.redis.del(this.prefix + email);
  }
}
