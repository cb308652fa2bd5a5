import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from '../../api/src/common/logging/logger.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { startTracing } from '../../api/src/observability/tracing.js';
import { assertOneProcessorPerQueue } from './processors/index.js';
import { WorkerModule } from './worker.module.js';

export async function startWorker(
  config: AppConfig,
  logger = new AppLogger(config.log.level, { service: 'worker' }),
): Promise<INestApplicationContext> {
  assertOneProcessorPerQueue();
  await startTracing(config); // once per process, and only with an OTLP endpoint
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  await app.init();
  return app;
}
