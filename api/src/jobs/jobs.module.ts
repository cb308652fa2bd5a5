import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';
import { JobQueue } from './job-queue.service.js';
import { ALL_QUEUES, DEFAULT_JOB_OPTIONS, redisConnectionOptions } from './queues.js';

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisConnectionOptions(requireUrl(config.redis.url, 'REDIS_URL')),
        prefix: config.redis.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...ALL_QUEUES.map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [JobQueue],
  exports: [JobQueue, BullModule],
})
export class JobsModule {}
