import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { testConfig } from '../support/config.js';
import { startPlatform } from '../support/http.js';
import { freePort, waitReady } from '../support/platform.js';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

// Automatic persisted queries across API instances: one here, one a separate process
// (dist/api/src/main.js) on the same database and Redis.
describe('automatic persisted queries', () => {
  let here: Platform;
  let other: ChildProcess;
  let otherUrl: string;
  let otherOutput = '';

  beforeAll(async () => {
    here = await startPlatform({ config: testConfig() });
    const port = await freePort();
    otherUrl = `http://127.0.0.1:${port}`;
    other = spawn(process.execPath, [join(process.cwd(), 'dist', 'api', 'src', 'main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-apq-')),
        MIGRATE_ON_START: 'false',
        DATABASE_URL: process.env.TEST_DATABASE_URL,
        REDIS_URL: process.env.TEST_REDIS_URL,
        QUEUE_PREFIX: process.env.TEST_QUEUE_PREFIX,
        RPC_URL: process.env.TEST_RPC_URL,
        CHAIN_ID: process.env.TEST_CHAIN_ID,
        TOKEN_SECRET: here.config.auth.tokenSecret,
        KEY_ENCRYPTION_SECRET: here.config.auth.keyEncryptionSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    other.stdout!.on('data', (d) => (otherOutput += d));
    other.stderr!.on('data', (d) => (otherOutput += d));
    await waitReady(otherUrl, () => other.exitCode === null).catch((err: Error) => {
      throw new Error(`${err.message}\n${otherOutput}`);
    });
  }, 120_000);

  afterAll(async () => {
    if (other && other.exitCode === null) {
      other.kill('SIGTERM');
      await new Promise((r) => other.once('exit', r));
    }
    await here?.close();
  });

  const post = async (baseUrl: string, body: object) => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };
  };

  it('knows on every API instance a hash registered through one of them', async () => {
    // A query text no other test sends, so its hash is new to Redis.
    const query = `query Apq${randomUUID().replaceAll('-', '')} { __typename }`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };

    const unknown = await post(otherUrl, { extensions: { persistedQuery } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(here.baseUrl, { query, extensions: { persistedQuery } });
    expect(registered).toEqual({ data: { __typename: 'Query' } });

    expect(await post(otherUrl, { extensions: { persistedQuery } })).toEqual({ data: { __typename: 'Query' } });
    expect(await post(here.baseUrl, { extensions: { persistedQuery } })).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a query whose text does not match the hash it is sent with', async () => {
    const query = `query Apq${randomUUID().replaceAll('-', '')} { __typename }`;
    const wrong = { version: 1, sha256Hash: createHash('sha256').update(`${query} `).digest('hex') };
    const res = await post(here.baseUrl, { query, extensions: { persistedQuery: wrong } });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect((await post(otherUrl, { extensions: { persistedQuery: wrong } })).errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });
});
