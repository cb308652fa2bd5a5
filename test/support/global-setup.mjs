// Runs in Jest's parent process, outside the TS transform: it uses the compiled
// dist/ (the test script builds first).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDataSource, runMigrations } from '../../dist/api/src/database/data-source.js';
import { startEmbedded } from '../../dist/api/src/infra/embedded/embedded.js';

// One run = one fresh database (on the configured PostgreSQL server, or an embedded
// PGlite when none is configured), one Redis key prefix, and a chain.
export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const run = {};
  const missing = [];
  if (!process.env.DATABASE_URL) missing.push('postgres');
  if (!process.env.REDIS_URL) missing.push('redis');
  if (!process.env.RPC_URL) missing.push('chain');
  if (missing.length > 0) {
    run.embedded = await startEmbedded({ dataDir: mkdtempSync(join(tmpdir(), 'cosmolocal-test-')), services: missing });
  }

  let url;
  if (process.env.DATABASE_URL) {
    run.adminUrl = process.env.DATABASE_URL;
    run.database = `cosmolocal_test_${runId}`;
    const admin = new pg.Client({ connectionString: run.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${run.database}`);
    await admin.end();
    const u = new URL(run.adminUrl);
    u.pathname = `/${run.database}`;
    url = u.toString();
  } else {
    url = run.embedded.databaseUrl;
  }
  const ds = await createDataSource(url, 2, 'cosmolocal-test-setup').initialize();
  await runMigrations(ds);
  await ds.destroy();

  Object.assign(process.env, {
    TEST_DATABASE_URL: url,
    TEST_DATABASE_SERVER_URL: run.adminUrl ?? '',
    TEST_REDIS_URL: process.env.REDIS_URL ?? run.embedded.redisUrl,
    TEST_RPC_URL: process.env.RPC_URL ?? run.embedded.rpcUrl,
    TEST_CHAIN_ID: process.env.RPC_URL ? (process.env.CHAIN_ID ?? '') : String(run.embedded.chainId),
    TEST_QUEUE_PREFIX: `test-${runId}`,
  });
  globalThis.__cosmolocalTestRun = run;
}
