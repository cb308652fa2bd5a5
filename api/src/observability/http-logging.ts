import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestIdFrom, runWithContext } from '../common/logging/request-context.js';
import { routeGroup } from './metrics.service.js';
import { inSpan, traceparentOf, tracingEnabled } from './tracing.js';

export const REQUEST_ID_HEADER = 'x-request-id';

// Gives every request an id (the caller's X-Request-Id when well-formed, else a new one), answers
// with it, and runs the rest of the request inside its context so every log line carries it. With
// tracing on, the request is a server span (a child of the caller's traceparent) that lasts until
// the response is done, and its traceparent joins the context.
export function requestContext() {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    (req as Request & { id?: string }).id = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (!tracingEnabled()) return runWithContext({ requestId }, next);
    const path = req.originalUrl.split('?')[0]!;
    const attributes = { 'http.request.method': req.method, 'url.path': path, 'cosmolocal.request_id': requestId };
    void inSpan(
      `${req.method} ${routeGroup(path)}`,
      'server',
      { headers: req.headers },
      attributes,
      (span) =>
        new Promise<void>((resolve) => {
          res.once('close', () => {
            span?.setAttribute('http.response.status_code', res.statusCode);
            if (res.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
            resolve();
          });
          runWithContext({ requestId, traceparent: span && traceparentOf(span) }, next);
        }),
    ).catch(() => undefined); // Express reports the request's own errors; the span has recorded it
  };
}

type Req = IncomingMessage & { id?: unknown; originalUrl?: string };

// One line per finished request (method, path without its query, status, duration).
export function requestLog(logger: Logger) {
  const fields = (req: Req, res: ServerResponse, val: { ms?: number }) => ({
    requestId: req.id,
    method: req.method,
    path: (req.originalUrl ?? req.url ?? '').split('?')[0],
    status: res.statusCode,
    ms: val.ms,
    context: 'HTTP',
  });
  return pinoHttp({
    logger,
    genReqId: (req) => (req as Req).id as string,
    // The fields above say what matters; full request and response objects would only add noise.
    serializers: { req: () => undefined, res: () => undefined },
    customAttributeKeys: { responseTime: 'ms' },
    // A 5xx is worth a look; the error itself, if any, is logged where it happened.
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: fields,
    customErrorObject: (req, res, _err, val) => fields(req, res, val as { ms?: number }),
  });
}
