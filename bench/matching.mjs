// Matching latency at 10k, 100k and 1M synthetic facilities (bench/lib/synthetic-facilities.mjs,
// following the real directories in ../shared/data). For each size, the same request points
// (real lab locations: demand is where makers are) go through three paths in one run:
//   bare    the indexed matching SQL itself (buildMatchQuery), straight to Postgres
//   service MatchingService.match (validation, SQL, reasons)
//   graphql matchFacilities over HTTP to the platform running as its own process
//           (`cosmolocal start`), as a client would call it
// Needs PostgreSQL (DATABASE_URL, default the local server) and Redis (REDIS_URL); a scratch
// database is created and dropped. Usage: npm run bench:matching [-- --sizes 10000,100000,1000000 --queries 400]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';
import { loadDistributions, makeGenerator, rng } from './lib/synthetic-facilities.mjs';
import { deleteRedisKeys } from './lib/redis-keys.mjs';
import { statementName } from './lib/prepared.mjs';
import { insertFacilities } from './lib/facility-rows.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    queries: { type: 'string', default: '400' },
    radius: { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const QUERIES = Number(values.queries);
const RADIUS = Number(values.radius);
const WARMUP = 40;

const dist = loadDistributions();
const next = makeGenerator(dist, 7);
const scratch = await createScratchDatabase('cosmolocal_bench_match');
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-match-'));
const dist_ = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { loadConfig } = await import(dist_('api/src/config/config.js'));
const { createDataSource, runMigrations } = await import(dist_('api/src/database/data-source.js'));
const { createApiApp } = await import(dist_('api/src/bootstrap.js'));
const { MatchingService } = await import(dist_('api/src/matching/matching.service.js'));
const { buildMatchQuery } = await import(dist_('api/src/matching/match-query.js'));
const { earthdistanceMetres } = await import(dist_('api/src/facilities/geo.js'));
const { distinctCapabilities, parseRequirements } = await import(dist_('api/src/matching/requirements.js'));

const result = { date: new Date().toISOString(), radiusKm: RADIUS, queries: QUERIES, sizes: {} };
let app;
let platform;
const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
pool.on('error', () => undefined);
try {
  const ds = createDataSource(scratch.url, 2, 'bench-migrate');
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  // One owner account (with its key row) for the synthetic organizations.
  const ownerDid = 'did:key:bench-owner';
  await pool.query(`INSERT INTO agent_keys (did, public_key, encrypted_secret) VALUES ($1, '\\x00', '\\x00')`, [ownerDid]);
  const {
    rows: [owner],
  } = await pool.query(
    `INSERT INTO accounts (id, email, name, password_hash, did) VALUES (gen_random_uuid(), 'bench@example.org', 'Bench', 'x', $1) RETURNING id`,
    [ownerDid],
  );

  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: work,
    DATABASE_URL: scratch.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: scratch.name,
    RPC_URL: 'http://127.0.0.1:9',
    CHAIN_ID: '31337',
    LOG_LEVEL: 'error',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  app = await createApiApp(config);
  await app.init();
  const matching = app.get(MatchingService);
  platform = await startPlatform({
    dataDir: join(work, 'platform'),
    port: await freePort(),
    env: { DATABASE_URL: scratch.url, REDIS_URL: config.redis.url, QUEUE_PREFIX: scratch.name, LOG_LEVEL: 'error' },
  });
  const { baseUrl } = platform;

  // A two-part design like most in the catalogue: a laser-cut panel and a printed hinge.
  const requirements = [
    { process: 'LASER_CUTTING', material: 'plywood', minBuildVolumeMm: { x: 550, y: 380, z: 6 } },
    { process: 'THREE_D_PRINTING', material: 'pla', minBuildVolumeMm: { x: 40, y: 30, z: 10 } },
  ];
  const capabilities = distinctCapabilities(parseRequirements(requirements));
  const GQL = `query($input: MatchFacilitiesInput!) { matchFacilities(input: $input) { edges { node { facility { id name } distanceKm score reasons } } } }`;
  const pickPoint = ((r) => () => {
    const lab = dist.labs[Math.floor(r() * dist.labs.length)];
    return { lat: lab.lat + (r() - 0.5) * 0.1, lon: lab.lon + (r() - 0.5) * 0.1 };
  })(rng(99));
  const points = Array.from({ length: QUERIES + WARMUP }, pickPoint);

  let count = 0;
  let equipmentCount = 0;
  for (const size of SIZES) {
    const loadStarted = performance.now();
    while (count < size) {
      const n = Math.min(20_000, size - count);
      const batch = Array.from({ length: n }, next);
      // Sequential ids keep the bulk load fast (index appends); queries reach facilities in
      // spatial order, which is unrelated to id order, so lookups stay random as in production.
      const ids = Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${(count + i).toString(16).padStart(12, '0')}`);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        equipmentCount = await insertFacilities(client, ids, batch, owner.id, equipmentCount);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      count += n;
    }
    // As autovacuum would: statistics for the planner, the visibility map for index-only scans.
    await pool.query('VACUUM ANALYZE organizations, facilities, facility_equipment');
    globalThis.gc?.();
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;

    const times = { bare: [], service: [], graphql: [] };
    const found = [];
    const inRadius = [];
    for (const [i, point] of points.entries()) {
      const { text, params } = buildMatchQuery({
        ...point,
        radiusKm: RADIUS,
        capabilities,
        weights: config.matching.weights,
        limit: 20,
        candidatePool: config.matching.candidatePool,
        quantity: 10,
        withEquipment: true,
      });
      const runs = {
        // Prepared, as the service runs it (one name per statement text).
        bare: async () => (await pool.query({ name: statementName(text), text, values: params })).rows.length,
        service: async () =>
          (await matching.match({ requirements, location: point, radiusKm: RADIUS, quantity: 10, first: 20 })).matches.length,
        graphql: async () => {
          const res = await fetch(`${baseUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: GQL,
              variables: { input: { requirements, location: point, radiusKm: RADIUS, quantity: 10, first: 20 } },
            }),
          });
          const body = await res.json();
          if (body.errors) throw new Error(JSON.stringify(body.errors));
          return body.data.matchFacilities.edges.length;
        },
      };
      // Rotate the order so no path always runs on a warmer cache.
      const order = ['bare', 'service', 'graphql'];
      for (let k = 0; k < i % 3; k++) order.push(order.shift());
      const counts = {};
      for (const name of order) {
        const t = performance.now();
        counts[name] = await runs[name]();
        if (i >= WARMUP) times[name].push(performance.now() - t);
      }
      if (counts.bare !== counts.service || counts.bare !== counts.graphql) throw new Error(`paths disagree: ${JSON.stringify(counts)}`);
      if (i >= WARMUP) found.push(counts.bare);
      if (i >= WARMUP && i % 20 === 0) {
        inRadius.push(
          Number(
            (
              await pool.query(
                `SELECT count(*) FROM facilities f WHERE f.lat IS NOT NULL AND earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(f.lat, f.lon) AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3`,
                [point.lat, point.lon, earthdistanceMetres(RADIUS)],
              )
            ).rows[0].count,
          ),
        );
      }
    }
    const pct = (xs, p) => {
      const s = [...xs].sort((a, b) => a - b);
      return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
    };
    const stats = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { p50: pct(xs, 50), p99: pct(xs, 99) }]));
    const mean = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    result.sizes[size] = {
      loadSeconds,
      equipmentRows: Number((await pool.query('SELECT count(*) FROM facility_equipment')).rows[0].count),
      meanFacilitiesInRadius: mean(inRadius),
      meanMatchesReturned: mean(found),
      latencyMs: stats,
      p99OverBare: {
        service: Math.round((stats.service.p99 / stats.bare.p99) * 100) / 100,
        graphql: Math.round((stats.graphql.p99 / stats.bare.p99) * 100) / 100,
      },
    };
    console.error(`${size}: ${JSON.stringify(result.sizes[size])}`);
  }
  const [first, last] = [SIZES[0], SIZES[SIZES.length - 1]];
  if (first !== last) {
    result.growth = Object.fromEntries(
      ['bare', 'service', 'graphql'].map((k) => [
        k,
        Math.round((result.sizes[last].latencyMs[k].p99 / result.sizes[first].latencyMs[k].p99) * 100) / 100,
      ]),
    );
  }
  console.log(JSON.stringify(result, null, 2));
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await app?.close();
  await platform?.stop('SIGTERM');
  await pool.end();
  result.redisKeysDeleted = await deleteRedisKeys(scratch.name, process.env.REDIS_URL);
  if (values.keep) console.error(`kept ${scratch.url}`);
  else await scratch.drop();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/matching.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
