import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { REDIS } from '../redis/redis.module.js';

// NIST SP 800-63B §5.2.2: limit consecutive failed sign-ins on an account. Counted per client
// address and account, in a window rather than a permanent lock: someone guessing from elsewhere
// slows only themself, never the account's owner. Every address is also limited as a whole for
// sign-ins and registrations (AUTH_RATE_LIMIT_PER_MINUTE). Counters live in Redis (rate-limiter-
// flexible: atomic, shared by every API process).
export const MAX_FAILURES = 20;
export const WINDOW_SECONDS = 15 * 60;

@Injectable()
export class LoginThrottle {
  private readonly failures: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const prefix = config.redis.queuePrefix;
    this.failures = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:login-failures`,
      points: MAX_FAILURES,
      duration: WINDOW_SECONDS,
    });
    this.perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:auth-per-address`,
      points: config.auth.rateLimitPerMinute,
      duration: 60,
    });
  }

  // One sign-in or registration attempt from this address.
  async attempt(client: string): Promise<void> {
    try {
      await this.perAddress.consume(client);
    } catch (err) {
      throw limited(err, 'Too many sign-in attempts from your address.');
    }
  }

  async assertAllowed(client: string, email: string): Promise<void> {
    const used = await this.failures.get(key(client, email));
    if (used && used.consumedPoints >= MAX_FAILURES) throw limited(used, 'Too many failed sign-ins for this account from here.');
  }

  async recordFailure(client: string, email: string): Promise<void> {
    await this.failures.penalty(key(client, email), 1);
  }

  async reset(client: string, email: string): Promise<void> {
    await this.failures.delete(key(client, email));
  }
}

const key = (client: string, email: string) => `${client}|${email}`;

function limited(res: unknown, message: string): Error {
  if (!(res instanceof RateLimiterRes)) return res as Error; // Redis itself failed
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new RateLimitedError(`${message} Try again in ${seconds} s.`, seconds);
}
