import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { requestIdFrom, runWithContext } from '../common/logging/request-context.js';
import type { MetricsService } from './metrics.service.js';
import { routeGroup } from './metrics.service.js';
import { inSpan, traceparentOf, tracingEnabled } from './tracing.js';

export const REQUEST_ID_HEADER = 'x-request-id';

// The async scope a request runs in (its context, and with tracing its span), captured when the
// request arrives and re-entered once the body is read: the handler and everything it awaits
// then log with the request's id and open child spans of the request's span.
const SCOPE = Symbol('cosmolocal.requestScope');
type Scoped = FastifyRequest & { [SCOPE]?: AsyncResource };

// A request's id: the caller's X-Request-Id when well-formed, else a new one (Fastify's genReqId).
export const requestIdOf = (req: IncomingMessage): string => requestIdFrom(req.headers[REQUEST_ID_HEADER]);

// Answers every request with its id (requestIdOf) and runs the rest of the request inside its
// context so every log line carries it. With
// tracing on, the request is a server span (a child of the caller's traceparent) that lasts until
// the response is done, and its traceparent joins the context.
export function installRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: Scoped, reply, done) => {
    const requestId = request.id; // requestIdOf, as the server's genReqId
    reply.header(REQUEST_ID_HEADER, requestId);
    const enter = (traceparent?: string) =>
      runWithContext(traceparent ? { requestId, traceparent } : { requestId }, () => {
        request[SCOPE] = new AsyncResource('cosmolocal.request');
        done();
      });
    if (!tracingEnabled()) return enter();
    const path = pathOf(request);
    const attributes = { 'http.request.method': request.method, 'url.path': path, 'cosmolocal.request_id': requestId };
    void inSpan(
      `${request.method} ${routeGroup(path)}`,
      'server',
      { headers: request.headers },
      attributes,
      (span) =>
        new Promise<void>((resolve) => {
          reply.raw.once('close', () => {
            span?.setAttribute('http.response.status_code', reply.statusCode);
            if (reply.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
            resolve();
          });
          enter(span && traceparentOf(span));
        }),
    ).catch(() => undefined); // the request's own errors are answered and logged where they happen
  });
  fastify.addHook('preHandler', (request: Scoped, _reply, done) => {
    const scope = request[SCOPE];
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
}

// One line per finished request (method, path without its query, status, duration), and the
// request's HTTP series. pino writes asynchronously (see common/logging/logger.ts).
export function installRequestLog(fastify: FastifyInstance, logger: Logger, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply: FastifyReply, done) => {
    const path = pathOf(request);
    const ms = reply.elapsedTime;
    const status = reply.statusCode;
    metrics.observeHttp(request.method, path, status, ms / 1000);
    // A 5xx is worth a look; the error itself, if any, is logged where it happened.
    const level = status >= 500 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        { requestId: request.id, method: request.method, path, status, ms: Math.round(ms * 1000) / 1000, context: 'HTTP' },
        'request',
      );
    }
    done();
  });
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
