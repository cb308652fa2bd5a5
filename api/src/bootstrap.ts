import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { webApp } from './web/web-app.js';
import { securityHeaders } from './web/security-headers.js';
import { AppLogger } from './common/logging/logger.js';
import { installObservability } from './observability/install.js';
import { startTracing } from './observability/tracing.js';
import { seedDemoWorldOnStart } from './demo/seed-on-start.js';
import type { AppConfig } from './config/config.js';

export async function createApiApp(config: AppConfig, logger = new AppLogger(config.log.level, { service: 'api' })) {
  startTracing(config); // once per process, and only with an OTLP endpoint
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bufferLogs: false });
  app.disable('x-powered-by');
  // Whose X-Forwarded-* headers count (client addresses for rate limits, https for cookies and HSTS).
  app.set('trust proxy', config.http.trustProxy);
  // Other origins may call the API only when named (CORS_ORIGINS); same-origin needs no CORS.
  if (config.http.corsOrigins.length) app.enableCors({ origin: [...config.http.corsOrigins], credentials: true, maxAge: 600 });
  app.use(securityHeaders());
  // Request ids and request logs, /metrics, the queue dashboard and /openapi.json.
  installObservability(app, config, logger);
  app.use(webApp());
  return app;
}

export async function startApi(config: AppConfig, logger = new AppLogger(config.log.level, { service: 'api' })): Promise<INestApplication> {
  const app = await createApiApp(config, logger);
  if (config.demo.seedOnStart) {
    // Before listening: the first request, and `ready`, find the demo world in place.
    await app.init();
    await seedDemoWorldOnStart(app, logger);
  }
  await app.listen(config.http.port, config.http.host);
  return app;
}
