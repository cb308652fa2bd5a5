import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '../config/config.js';

// Traces are recorded only when there is somewhere to send them (OTEL_EXPORTER_OTLP_ENDPOINT), or
// an exporter is given (tests). One tracer provider per process, shared by the API and the worker
// when they run together. Spans: one per HTTP request (a child of the caller's `traceparent`), one
// per job, a child of the span that created the work (its traceparent travels in the outbox row
// and the job data).
let provider: NodeTracerProvider | undefined;

// The SDK is loaded only when traces are wanted: a process without an endpoint never holds it.
export async function startTracing(config: AppConfig, options: { exporter?: SpanExporter } = {}): Promise<boolean> {
  if (provider) return true;
  const endpoint = config.observability.otlpEndpoint;
  if (!options.exporter && !endpoint) return false;
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, SimpleSpanProcessor }, { NodeTracerProvider }] =
    await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  if (provider) return true; // started by a concurrent caller meanwhile
  const exporter =
    options.exporter ?? new OTLPTraceExporter({ url: new URL('v1/traces', endpoint!.endsWith('/') ? endpoint! : `${endpoint}/`).href });
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.observability.serviceName }),
    // Batched in production; a given exporter (tests) sees each span as it ends.
    spanProcessors: [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  // Registers the W3C trace-context propagator and the AsyncLocalStorage context manager.
  provider.register();
  return true;
}

export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  await stopping?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

export const tracingEnabled = () => provider !== undefined;

export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

// Sends what is recorded before an application closes (the process may exit right after).
@Injectable()
export class TracingFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

export function traceparentOf(span: Span): string {
  const c = span.spanContext();
  return `00-${c.traceId}-${c.spanId}-${c.traceFlags.toString(16).padStart(2, '0')}`;
}

// Runs `fn` inside a new span, a child of `traceparent` when one is given (else of the active
// span); the span ends with `fn`, and records its error. Without tracing, just runs `fn`.
export async function inSpan<T>(
  name: string,
  kind: 'server' | 'consumer',
  parent: { traceparent?: string; headers?: Record<string, unknown> },
  attributes: Attributes,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!provider) return fn(undefined);
  const carrier = parent.headers ?? (parent.traceparent ? { traceparent: parent.traceparent } : {});
  const parentContext = propagation.extract(parent.headers || parent.traceparent ? ROOT_CONTEXT : context.active(), carrier);
  const span = trace
    .getTracer('cosmolocal')
    .startSpan(name, { kind: kind === 'server' ? SpanKind.SERVER : SpanKind.CONSUMER, attributes }, parentContext);
  try {
    return await context.with(trace.setSpan(parentContext, span), () => fn(span));
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
    throw err;
  } finally {
    span.end();
  }
}
