import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppLogger } from '../common/logging/logger.js';
import type { AppConfig } from '../config/config.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { ALL_QUEUES } from '../jobs/queues.js';
import { installRequestContext, installRequestLog } from './http-logging.js';
import { installIdleMemoryReclaimer } from './idle-memory.js';
import { MetricsService } from './metrics.service.js';
import { OPENAPI_DOCUMENT } from './openapi.document.js';
import { basicAuth, bearerAuth } from './operator-auth.js';
import { installQueueDashboard } from './queue-dashboard.js';

// The API's operability endpoints and request hooks, installed before the web app:
// - every request gets an id and one log line;
// - after a spell without requests, unused heap is handed back to the system (idle-memory.ts);
// - GET /metrics (Prometheus): with METRICS_TOKEN set, only with that bearer token; without it, open
//   outside production and absent in production;
// - /admin/queues (bull-board): only when QUEUE_DASHBOARD_USER/PASSWORD are set, behind basic auth;
// - GET /openapi.json: the REST endpoints' OpenAPI 3.1 description.
export async function installObservability(app: NestFastifyApplication, config: AppConfig, logger: AppLogger): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  installRequestContext(fastify);
  installRequestLog(fastify, logger.pino, metrics);
  installIdleMemoryReclaimer(fastify, config.observability.idleMemoryReclaimSeconds);

  const access = metricsAccess(config);
  if (access !== 'off') {
    const token = config.observability.metricsToken;
    fastify.get('/metrics', { onRequest: access === 'token' && token ? bearerAuth(token) : [] }, async (_request, reply) =>
      reply
        .type(metrics.registry.contentType)
        .header('cache-control', 'no-store')
        .send(await metrics.registry.metrics()),
    );
  }

  const dashboard = config.observability.queueDashboard;
  if (dashboard) {
    const jobs = app.get(JobQueue);
    await installQueueDashboard(
      fastify,
      ALL_QUEUES.map((q) => jobs.queue(q)),
      basicAuth(dashboard.user, dashboard.password),
    );
  }

  fastify.get('/openapi.json', (_request, reply) => reply.send(OPENAPI_DOCUMENT));
}

// Who may read /metrics: token holders when a token is set; otherwise anyone outside production, and
// no one in production (series name queues and counts that are not the public's business).
export function metricsAccess(config: Pick<AppConfig, 'env' | 'observability'>): 'token' | 'open' | 'off' {
  if (config.observability.metricsToken) return 'token';
  return config.env === 'production' ? 'off' : 'open';
}
