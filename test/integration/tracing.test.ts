import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { flushTracing, startTracing, stopTracing } from '../../api/src/observability/tracing.js';
import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';
import { until } from '../support/wait.js';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

describe('traces across the API, the outbox and the worker', () => {
  const exporter = new InMemorySpanExporter();
  let platform: Platform;

  beforeAll(async () => {
    const config = testConfig();
    expect(await startTracing(config, { exporter })).toBe(true);
    platform = await startPlatform({ worker: true, config });
  });
  afterAll(async () => {
    await platform?.close();
    await stopTracing();
  });

  const spans = () => exporter.getFinishedSpans();
  const withRequestId = (id: string) => (s: ReadableSpan) => s.attributes['cosmolocal.request_id'] === id;

  it('makes the job that handles an event a child of the request that caused it', async () => {
    const requestId = `trace-${randomUUID()}`;
    const res = await fetch(`${platform.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'mutation($i: RegisterInput!) { register(input: $i) { token } }',
        variables: { i: { email: uniqueEmail('trace'), password: PASSWORD, name: 'Traced' } },
      }),
    });
    expect(res.status).toBe(200);
    const job = await until('the job span', async () =>
      spans().find((s) => withRequestId(requestId)(s) && s.name === 'job domain-events identity.account.registered'),
    );
    const request = spans().find((s) => withRequestId(requestId)(s) && s.name === 'POST /graphql');
    expect(request).toBeDefined();
    expect(request!.parentSpanContext).toBeUndefined();
    expect(job.spanContext().traceId).toBe(request!.spanContext().traceId);
    expect(job.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    expect(job.attributes['messaging.destination.name']).toBe('domain-events');
  });

  it("continues the caller's trace when a request carries a traceparent", async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const requestId = `trace-${randomUUID()}`;
    await fetch(`${platform.baseUrl}/health`, { headers: { traceparent: `00-${traceId}-${parentId}-01`, 'x-request-id': requestId } });
    const span = await until('the request span', async () => spans().find(withRequestId(requestId)));
    expect(span.name).toBe('GET /health');
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe(parentId);
    expect(span.attributes['http.response.status_code']).toBe(200);
  });

  it('exports spans over OTLP/HTTP to the configured endpoint', async () => {
    await stopTracing();
    const received: Array<{ url: string; body: string }> = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const { port } = receiver.address() as { port: number };
      expect(
        await startTracing(testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'cosmolocal-test' })),
      ).toBe(true);
      const traceId = randomBytes(16).toString('hex');
      await fetch(`${platform.baseUrl}/health`, { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
      await until('the export', async () => {
        await flushTracing();
        return received.find((r) => r.body.includes(traceId));
      });
      const exported = received.find((r) => r.body.includes(traceId))!;
      expect(exported.url).toBe('/v1/traces');
      expect(exported.body).toContain('cosmolocal-test');
      expect(exported.body).toContain('GET /health');
    } finally {
      await stopTracing();
      await new Promise((r) => receiver.close(r));
    }
  });
});

describe('tracing without an endpoint', () => {
  it('stays off', async () => {
    expect(await startTracing(testConfig())).toBe(false);
  });
});
