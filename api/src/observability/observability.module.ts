import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { REDIS } from '../redis/redis.module.js';
import { RedisKeyValueCache } from './apq-cache.js';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { TracingFlush } from './tracing.js';

export const APQ_CACHE = Symbol('APQ_CACHE');

// The API's metrics (and the GraphQL plugin timing operations) and the shared persisted-query cache.
@Module({
  imports: [JobsModule],
  providers: [
    MetricsRepository,
    MetricsService,
    GraphqlMetricsPlugin,
    TracingFlush,
    {
      provide: APQ_CACHE,
      inject: [REDIS, APP_CONFIG],
      // A Redis outage turns persisted queries into misses (clients resend the full query), not errors.
      useFactory: (redis: Redis, config: AppConfig) =>
        new ErrorsAreMissesCache(new RedisKeyValueCache(redis, `${config.redis.queuePrefix}:apq:`, config.observability.apqTtlSeconds)),
    },
  ],
  exports: [MetricsService, APQ_CACHE],
})
export class ObservabilityModule {}
