import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// What follows a unit of work from the HTTP request that started it, through the outbox row and
// the queued job, to the worker's log lines: the request id and the W3C trace context.
export interface WorkContext {
  readonly requestId?: string;
  readonly traceparent?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}

// A caller's id is kept only when it is short and plain, so it cannot forge log fields or bloat them.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

// The context to store with work that leaves the current one (an outbox row, a job), if any.
export function contextToCarry(): WorkContext | undefined {
  const c = storage.getStore();
  if (!c || (!c.requestId && !c.traceparent)) return undefined;
  return { ...(c.requestId ? { requestId: c.requestId } : {}), ...(c.traceparent ? { traceparent: c.traceparent } : {}) };
}

// A stored context read back (from jsonb or job data): only well-formed fields survive.
export function parseContext(value: unknown): WorkContext | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { requestId, traceparent } = value as Record<string, unknown>;
  const out: { requestId?: string; traceparent?: string } = {};
  if (typeof requestId === 'string' && REQUEST_ID.test(requestId)) out.requestId = requestId;
  if (typeof traceparent === 'string' && /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(traceparent))
    out.traceparent = traceparent;
  return out.requestId || out.traceparent ? out : undefined;
}
