import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '../../api/src/common/logging/json-logger.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { assertOneProcessorPerQueue } from './processors/index.js';
import { WorkerModule } from './worker.module.js';

export async function startWorker(
  config: AppConfig,
  logger = new JsonLogger(config.log.level, { service: 'worker' }),
): Promise<INestApplicationContext> {
  assertOneProcessorPerQueue();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  await app.init();
  return app;
}
