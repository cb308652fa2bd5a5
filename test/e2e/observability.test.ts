import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { REDIS } from '../../api/src/redis/redis.module.js';
import { ALL_QUEUES, QueueName } from '../../api/src/jobs/queues.js';
import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';
import { jsonLogCapture } from '../support/logs.js';
import { until } from '../support/wait.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const OPERATOR = { user: 'operator', password: 'dashboard-password-0123456789' };

type Platform = Awaited<ReturnType<typeof startPlatform>>;

// The value of one series in a Prometheus text exposition (undefined when absent).
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operability endpoints', () => {
  let platform: Platform;
  const logs = jsonLogCapture('debug');

  beforeAll(async () => {
    const config = testConfig({ METRICS_TOKEN, QUEUE_DASHBOARD_USER: OPERATOR.user, QUEUE_DASHBOARD_PASSWORD: OPERATOR.password });
    platform = await startPlatform({ worker: true, config, logger: logs.logger });
  });
  afterAll(() => platform?.close());

  const register = (requestId: string | undefined, operation = 'ObsRegister') =>
    fetch(`${platform.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: JSON.stringify({
        query: `mutation ${operation}($i: RegisterInput!) { register(input: $i) { token } }`,
        variables: { i: { email: uniqueEmail('obs'), password: PASSWORD, name: 'Observed' } },
      }),
    });
  const scrape = async () => {
    const res = await fetch(`${platform.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it("answers with the caller's well-formed X-Request-Id, and with a fresh one otherwise", async () => {
    const mine = `req-${randomUUID()}`;
    expect((await fetch(`${platform.baseUrl}/health`, { headers: { 'x-request-id': mine } })).headers.get('x-request-id')).toBe(mine);
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(200), '{"level":"error"}']) {
      const given = (await fetch(`${platform.baseUrl}/health`, { headers: { 'x-request-id': bad } })).headers.get('x-request-id');
      expect(given).toMatch(/^[0-9a-f-]{36}$/);
    }
    const fresh = (await fetch(`${platform.baseUrl}/health`)).headers.get('x-request-id');
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: 'request', requestId: mine, path: '/health', status: 200, level: 'info' }),
    );
  });

  it('carries the request id from a mutation through the outbox to the log lines of the job that handles its event', async () => {
    const requestId = `register-${randomUUID()}`;
    const res = await register(requestId);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect(logs.lines).toContainEqual(expect.objectContaining({ msg: 'request', requestId, path: '/graphql' }));
    const done = await until('the worker to handle the registration event', async () =>
      logs.lines.find(
        (l) => l.msg === 'job done' && l.queue === 'domain-events' && l.job === 'identity.account.registered' && l.requestId === requestId,
      ),
    );
    expect(done).toMatchObject({ context: 'Job', level: 'debug' });
    expect(logs.lines).toContainEqual(expect.objectContaining({ msg: 'job started', jobId: done.jobId, requestId }));
  });

  it('serves Prometheus series for HTTP, GraphQL, queues, the outbox, anchoring and settlements that move with traffic', async () => {
    const http = 'cosmolocal_http_request_duration_seconds_count{method="POST",route="/graphql",status="2xx"}';
    const gql = 'cosmolocal_graphql_operation_duration_seconds_count{operation="ObsRegister",type="mutation",outcome="ok"}';
    const completed = 'cosmolocal_queue_jobs{queue="domain-events",state="completed"}';
    const before = await scrape();
    await register(undefined);
    await register(undefined);
    await until(
      'the worker to handle both events',
      async () => (sample(await scrape(), completed) ?? 0) >= (sample(before, completed) ?? 0) + 2,
    );
    const after = await scrape();
    expect(sample(after, http)! - (sample(before, http) ?? 0)).toBeGreaterThanOrEqual(2);
    expect(sample(after, gql)! - (sample(before, gql) ?? 0)).toBe(2);
    for (const queue of ALL_QUEUES) {
      expect(sample(after, `cosmolocal_queue_jobs{queue="${queue}",state="waiting"}`)).toBeGreaterThanOrEqual(0);
      expect(sample(after, `cosmolocal_queue_oldest_waiting_seconds{queue="${queue}"}`)).toBeGreaterThanOrEqual(0);
    }
    for (const series of [
      'cosmolocal_outbox_unhandled_events',
      'cosmolocal_outbox_oldest_unhandled_seconds',
      'cosmolocal_contribution_records_unbatched',
      'cosmolocal_settlements_pending',
      'cosmolocal_settlements_distributed_total',
    ]) {
      expect(sample(after, series)).toBeGreaterThanOrEqual(0);
    }
    expect(after).toContain('# TYPE cosmolocal_anchor_batches gauge');
    // Every series was read (a failed read is logged and leaves its series at rest).
    expect(logs.lines.filter((l) => l.msg === 'metrics collection failed')).toEqual([]);
  });

  it('labels GraphQL operations by name within a bound: anonymous and invalid ones share a label', async () => {
    await fetch(`${platform.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await fetch(`${platform.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Broken { noSuchField }' }),
    });
    const text = await scrape();
    expect(
      sample(text, 'cosmolocal_graphql_operation_duration_seconds_count{operation="(anonymous)",type="query",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'cosmolocal_graphql_operation_duration_seconds_count{operation="(invalid)",type="unknown",outcome="error"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('operation="Broken"');
  });

  it('refuses /metrics without its bearer token', async () => {
    expect((await fetch(`${platform.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${platform.baseUrl}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
  });

  it('shows the queue dashboard to operators only', async () => {
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    const refused = await fetch(`${platform.baseUrl}/admin/queues`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(
      (await fetch(`${platform.baseUrl}/admin/queues/api/queues`, { headers: basic(OPERATOR.user, 'wrong-password-0123456789') })).status,
    ).toBe(401);
    expect((await fetch(`${platform.baseUrl}/admin/queues/api/queues`, { headers: basic('someone', OPERATOR.password) })).status).toBe(401);
    const page = await fetch(`${platform.baseUrl}/admin/queues`, { headers: basic(OPERATOR.user, OPERATOR.password) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await fetch(`${platform.baseUrl}/admin/queues/api/queues`, { headers: basic(OPERATOR.user, OPERATOR.password) });
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((q) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
  });

  it('serves the REST endpoints’ OpenAPI document', async () => {
    const res = await fetch(`${platform.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/uploads', '/ipfs/{cid}', '/ipfs/{cid}/{path}', '/contributions/{file}']),
    );
  });
});

describe('operability endpoints left unconfigured', () => {
  let platform: Platform;
  const prefix = `obs-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    // Queues of their own, which no worker serves: what is added stays waiting.
    platform = await startPlatform({ config: testConfig({ QUEUE_PREFIX: prefix }) });
  });
  afterAll(async () => {
    // The run's teardown removes only the run's own prefix.
    const redis = platform?.api.get<Redis>(REDIS);
    const keys = redis ? await redis.keys(`${prefix}:*`) : [];
    if (keys.length) await redis!.del(...keys);
    await platform?.close();
  });

  it('has no queue dashboard, and an open /metrics outside production', async () => {
    expect((await fetch(`${platform.baseUrl}/admin/queues`)).status).toBe(404);
    expect((await fetch(`${platform.baseUrl}/admin/queues/api/queues`)).status).toBe(404);
    const metrics = await fetch(`${platform.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('cosmolocal_queue_jobs');
  });

  it('reports the depth of a queue and the age of its oldest waiting job', async () => {
    const scrapeOpen = async () => (await fetch(`${platform.baseUrl}/metrics`)).text();
    const waiting = 'cosmolocal_queue_jobs{queue="governance",state="waiting"}';
    const age = 'cosmolocal_queue_oldest_waiting_seconds{queue="governance"}';
    const before = await scrapeOpen();
    expect([sample(before, waiting), sample(before, age)]).toEqual([0, 0]);
    const jobs = platform.api.get(JobQueue);
    await jobs.enqueue(QueueName.Governance, 'close', { proposalId: randomUUID() }, `obs-${randomUUID()}`);
    await jobs.enqueue(QueueName.Governance, 'close', { proposalId: randomUUID() }, `obs-${randomUUID()}`);
    await new Promise((r) => setTimeout(r, 1100));
    const after = await scrapeOpen();
    expect(sample(after, waiting)).toBe(2);
    expect(sample(after, age)).toBeGreaterThanOrEqual(1);
    expect(sample(after, age)).toBeLessThan(30);
  });
});
