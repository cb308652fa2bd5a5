import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { webApp } from './web/web-app.js';
import { securityHeaders } from './web/security-headers.js';
import { JsonLogger } from './common/logging/json-logger.js';
import type { AppConfig } from './config/config.js';

export async function createApiApp(config: AppConfig, logger = new JsonLogger(config.log.level, { service: 'api' })) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bufferLogs: false });
  app.disable('x-powered-by');
  // Whose X-Forwarded-* headers count (client addresses for rate limits, https for cookies and HSTS).
  app.set('trust proxy', config.http.trustProxy);
  // Other origins may call the API only when named (CORS_ORIGINS); same-origin needs no CORS.
  if (config.http.corsOrigins.length) app.enableCors({ origin: [...config.http.corsOrigins], credentials: true, maxAge: 600 });
  app.use(securityHeaders());
  app.use(requestLog(logger));
  app.use(webApp());
  return app;
}

export async function startApi(config: AppConfig, logger?: JsonLogger): Promise<INestApplication> {
  const app = await createApiApp(config, logger);
  await app.listen(config.http.port, config.http.host);
  return app;
}

function requestLog(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log({ msg: 'request', method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'HTTP');
    });
    next();
  };
}
