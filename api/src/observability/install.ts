import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppLogger } from '../common/logging/logger.js';
import type { AppConfig } from '../config/config.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { ALL_QUEUES } from '../jobs/queues.js';
import { requestContext, requestLog } from './http-logging.js';
import { MetricsService } from './metrics.service.js';
import { OPENAPI_DOCUMENT } from './openapi.document.js';
import { basicAuth, bearerAuth } from './operator-auth.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './queue-dashboard.js';

// The API's operability endpoints and request middleware, mounted before the web app:
// - every request gets an id and one log line;
// - GET /metrics (Prometheus): with METRICS_TOKEN set, only with that bearer token; without it, open
//   outside production and absent in production;
// - /admin/queues (bull-board): only when QUEUE_DASHBOARD_USER/PASSWORD are set, behind basic auth;
// - GET /openapi.json: the REST endpoints' OpenAPI 3.1 description.
export function installObservability(app: NestExpressApplication, config: AppConfig, logger: AppLogger): void {
  app.use(requestContext());
  app.use(requestLog(logger.pino));
  const metrics = app.get(MetricsService);
  app.use(httpMetrics(metrics));

  const access = metricsAccess(config);
  if (access !== 'off') {
    const token = config.observability.metricsToken;
    app.use(
      '/metrics',
      ...(access === 'token' && token ? [bearerAuth(token)] : []),
      exactGet(async (_req, res) => {
        res.setHeader('content-type', metrics.registry.contentType);
        res.setHeader('cache-control', 'no-store');
        res.send(await metrics.registry.metrics());
      }),
    );
  }

  const dashboard = config.observability.queueDashboard;
  if (dashboard) {
    const jobs = app.get(JobQueue);
    app.use(QUEUE_DASHBOARD_PATH, basicAuth(dashboard.user, dashboard.password), queueDashboard(ALL_QUEUES.map((q) => jobs.queue(q))));
  }

  app.use(
    '/openapi.json',
    exactGet((_req, res) => void res.json(OPENAPI_DOCUMENT)),
  );
}

// Who may read /metrics: token holders when a token is set; otherwise anyone outside production, and
// no one in production (series name queues and counts that are not the public's business).
export function metricsAccess(config: Pick<AppConfig, 'env' | 'observability'>): 'token' | 'open' | 'off' {
  if (config.observability.metricsToken) return 'token';
  return config.env === 'production' ? 'off' : 'open';
}

function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    // originalUrl: a mounted handler (Apollo's at /graphql) leaves req.path relative to its mount.
    res.once('finish', () =>
      metrics.observeHttp(req.method, req.originalUrl.split('?')[0]!, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9),
    );
    next();
  };
}

// A handler for GET (and HEAD) of the mount path itself; anything else falls through.
function exactGet(handler: (req: Request, res: Response) => unknown) {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/' && req.path !== '')) return next();
    Promise.resolve(handler(req, res)).catch(next);
  };
}
