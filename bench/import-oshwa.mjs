// Imports all 3,053 OSHWA-certified projects (../shared/data) as designs with the CLI
// (`cosmolocal import designs`), against PostgreSQL (DATABASE_URL, default the local
// server; a scratch database is created and dropped) and Redis (REDIS_URL). Reports designs/s.
// Usage: npm run bench:import-oshwa
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';
import { deleteRedisKeys } from './lib/redis-keys.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, '..', 'shared', 'data', 'oshwa-certified', 'oshwa_projects_2025-07.json');
const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const scratch = await createScratchDatabase('cosmolocal_bench_oshwa');
const dbName = scratch.name;
const url = scratch.url;
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-oshwa-'));
const env = { DATABASE_URL: url, REDIS_URL: redis, QUEUE_PREFIX: dbName };
const result = { date: new Date().toISOString() };
try {
  // The account the designs are published under, made through the API.
  const platform = await startPlatform({ dataDir: work, port: await freePort(), env });
  await gql(platform.baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: 'oshwa-import@example.org', password: 'open hardware for everyone', name: 'OSHWA import' },
  });
  await platform.stop('SIGTERM');

  const started = performance.now();
  const run = spawnSync(process.execPath, ['dist/cli/main.js', 'import', 'designs', DATA, '--account', 'oshwa-import@example.org'], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATA_DIR: work, LOG_LEVEL: 'error' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(run.stdout);
  if (run.status !== 0) process.stderr.write(run.stderr.split('\n').slice(-20).join('\n'));
  const m = /imported (\d+) of (\d+) designs in ([\d.]+) s \(([\d.]+) designs\/s\)/.exec(run.stdout);
  Object.assign(result, {
    imported: Number(m?.[1]),
    of: Number(m?.[2]),
    importSeconds: Number(m?.[3]),
    designsPerSecond: Number(m?.[4]),
    wallSecondsIncludingStartup: Math.round(seconds * 10) / 10,
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  result.designs = (await db.query('SELECT count(*)::int AS n FROM designs WHERE latest_version_id IS NOT NULL')).rows[0].n;
  result.versions = (await db.query('SELECT count(*)::int AS n FROM design_versions')).rows[0].n;
  result.byLicenceClass = Object.fromEntries(
    (await db.query('SELECT licence_class, count(*)::int AS n FROM design_versions GROUP BY 1 ORDER BY 2 DESC')).rows.map((r) => [
      r.licence_class,
      r.n,
    ]),
  );
  await db.end();
  console.log(JSON.stringify(result, null, 2));
} finally {
  await deleteRedisKeys(dbName, redis);
  await scratch.drop();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/import-oshwa.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
