import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { installWebApp } from './web/web-app.js';
import { installSecurityHeaders } from './web/security-headers.js';
import { AppLogger } from './common/logging/logger.js';
import { installObservability } from './observability/install.js';
import { requestIdOf } from './observability/http-logging.js';
import { startTracing } from './observability/tracing.js';
import { seedDemoWorldOnStart } from './demo/seed-on-start.js';
import { installMultipartPassThrough } from './uploads/multipart.js';
import { MAX_ACTIVITY_BYTES } from './federation/federation.controller.js';
import type { AppConfig } from './config/config.js';

// JSON and form bodies (GraphQL operations) up to this size; uploads stream past it with their own limits.
const BODY_LIMIT_BYTES = 100 * 1024;

// The API on Fastify (Nest's Fastify adapter, Apollo's Fastify integration): its router, hooks and
// serializers cost a fraction of Express's per request, with the same routes, limits and headers.
export async function createApiApp(config: AppConfig, logger = new AppLogger(config.log.level, { service: 'api' })) {
  await startTracing(config); // once per process, and only with an OTLP endpoint
  const adapter = new FastifyAdapter({
    // Whose X-Forwarded-* headers count (client addresses for rate limits, https for cookies and HSTS).
    trustProxy: trustProxyOption(config.http.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    // Record CAR names (`<CID>.car`) are longer than Fastify's default 100-character parameter.
    routerOptions: { maxParamLength: 512, ignoreTrailingSlash: true },
    // Nest middleware is not used: every cross-cutting step is a Fastify hook.
    skipMiddie: true,
    // Request logs are written by installObservability, with the platform's logger.
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { logger, bufferLogs: false });
  const fastify = app.getHttpAdapter().getInstance();
  // Other origins may call the API only when named (CORS_ORIGINS); same-origin needs no CORS.
  if (config.http.corsOrigins.length) app.enableCors({ origin: [...config.http.corsOrigins], credentials: true, maxAge: 600 });
  installSecurityHeaders(fastify);
  installMultipartPassThrough(fastify);
  // ActivityPub bodies reach the federation routes as bytes: their signatures cover them exactly.
  fastify.addContentTypeParser(
    ['application/activity+json', 'application/ld+json'],
    { parseAs: 'buffer', bodyLimit: MAX_ACTIVITY_BYTES },
    (_req, body, done) => done(null, body),
  );
  // Request ids and request logs, /metrics, the queue dashboard and /openapi.json.
  await installObservability(app, config, logger);
  await installWebApp(fastify);
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

// TRUST_PROXY as a number trusts that many hops nearest the server, as proxy-addr counts them.
function trustProxyOption(value: boolean | number | string) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}
