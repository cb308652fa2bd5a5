// The GraphQL API against a bare @apollo/server 5 standalone server (bench/lib/bare-apollo.mjs)
// that answers the same catalogue selections from the same scratch database with hand-written
// SQL: requests/s, p99 latency and server CPU time per request under autocannon, for
// `{ __typename }`, a page of designs and the web catalogue's own query. Both servers run as
// their own processes; each round alternates which goes first. Reports platform ÷ bare ratios.
// Usage: npm run bench:api [-- --designs 1000 --rounds 3 --duration 5]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';
import { fillCatalogue } from './lib/catalogue.mjs';
import { cpuSeconds } from './lib/proc.mjs';
import { deleteRedisKeys } from './lib/redis-keys.mjs';

const { values } = parseArgs({
  options: {
    designs: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
  },
});
const N = Number(values.designs);
const ROUNDS = Number(values.rounds);
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// The web catalogue's query (web/src/pages/Catalogue.tsx) with the variables of its first page.
const CATALOGUE = `query Catalogue($filter: DesignFilter, $first: Int, $after: String) {
  designs(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title ownerOrganization { name } ownerAccount { name }
      latestVersion { cid description publishedAt license { hardware } licenseClass parts { process } } } }
  }
}`;
const QUERIES = {
  typename: { query: '{ __typename }' },
  designsPage: { query: '{ designs(first: 20) { edges { node { id title } } } }' },
  catalogue: { query: CATALOGUE, variables: { filter: { text: null, process: null, licenseClasses: null }, first: 24, after: null } },
};

async function startBare(databaseUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('./lib/bare-apollo.mjs', import.meta.url).pathname], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => ((output += d), output.includes('http://') && resolve()));
    child.once('exit', (code) => reject(new Error(`bare Apollo exited with ${code}:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pids: () => [child.pid],
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function load(baseUrl, body, seconds) {
  return autocannon({
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration: seconds,
  });
}

async function measure(server, body) {
  await load(server.baseUrl, body, WARMUP);
  const pids = server.pids();
  const cpuBefore = cpuSeconds(pids);
  const r = await load(server.baseUrl, body, DURATION);
  const cpu = cpuSeconds(pids) - cpuBefore;
  if (r.errors || r.non2xx) throw new Error(`${server.baseUrl}: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
  return { rps: Math.round(r.requests.average), p99Ms: r.latency.p99, cpuMsPerRequest: +((cpu * 1000) / r.requests.total).toFixed(3) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (a, b) => +(a / b).toFixed(2);

const scratch = await createScratchDatabase('cosmolocal_bench_api');
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-api-'));
let platform;
let bare;
const result = { date: new Date().toISOString(), designs: N, rounds: ROUNDS, durationS: DURATION, connections: CONNECTIONS, perRound: [] };
try {
  const port = await freePort();
  platform = await startPlatform({
    dataDir: work,
    port,
    env: { DATABASE_URL: scratch.url, REDIS_URL, QUEUE_PREFIX: scratch.name, DEMO_SEED: 'false' },
  });
  await fillCatalogue(platform.baseUrl, scratch.url, N);

  bare = await startBare(scratch.url);
  const servers = {
    platform: { baseUrl: platform.baseUrl, pids: () => [platform.pid, ...platform.descendants()] },
    bare,
  };
  // Both must give the same answer before their speed is compared.
  for (const [name, body] of Object.entries(QUERIES)) {
    const [a, b] = await Promise.all([gql(platform.baseUrl, body.query, body.variables), gql(bare.baseUrl, body.query, body.variables)]);
    if (JSON.stringify(a) !== JSON.stringify(b))
      throw new Error(`${name}: the servers answer differently:\n${JSON.stringify(a).slice(0, 600)}\n${JSON.stringify(b).slice(0, 600)}`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['platform', 'bare'] : ['bare', 'platform'];
    const entry = { first: order[0] };
    for (const [name, body] of Object.entries(QUERIES)) {
      const m = {};
      for (const server of order) m[server] = await measure(servers[server], body);
      entry[name] = { ...m, rpsRatio: ratio(m.platform.rps, m.bare.rps), p99Ratio: ratio(m.platform.p99Ms, m.bare.p99Ms) };
    }
    result.perRound.push(entry);
    console.error(JSON.stringify({ round, ...entry }));
  }
  result.median = Object.fromEntries(
    Object.keys(QUERIES).map((name) => {
      const of = (f) => median(result.perRound.map((r) => f(r[name])));
      return [
        name,
        {
          rpsRatio: of((q) => q.rpsRatio),
          p99Ratio: of((q) => q.p99Ratio),
          platform: {
            rps: of((q) => q.platform.rps),
            p99Ms: of((q) => q.platform.p99Ms),
            cpuMsPerRequest: of((q) => q.platform.cpuMsPerRequest),
          },
          bare: { rps: of((q) => q.bare.rps), p99Ms: of((q) => q.bare.p99Ms), cpuMsPerRequest: of((q) => q.bare.cpuMsPerRequest) },
        },
      ];
    }),
  );
} finally {
  await bare?.stop();
  await platform?.stop();
  await scratch.drop();
  result.redisKeysDeleted = await deleteRedisKeys(scratch.name, REDIS_URL);
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/api.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
