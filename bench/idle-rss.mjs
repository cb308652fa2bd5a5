// Resident memory of the API process: `cosmolocal start --only api` as its own process on
// PostgreSQL and Redis (DATABASE_URL / REDIS_URL, a scratch database and its own queue prefix,
// both removed afterwards), a small catalogue, warm-up requests, then VmRSS from /proc/<pid>/status
// once it has idled, and again after each of a few rounds of load followed by idling (growth from
// round to round would be a leak). The API process is the spawned CLI process itself; its
// children (the embedded chain, when RPC_URL is unset) are listed apart and not counted.
// --imports: the memory each heavy dependency adds to a bare Node process, importing it alone.
// Usage: npm run bench:idle-rss [-- --rounds 3 --idle 20 --load 5 --imports]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    rounds: { type: 'string', default: '3' },
    idle: { type: 'string', default: '20' },
    load: { type: 'string', default: '5' },
    designs: { type: 'string', default: '200' },
    imports: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(values.rounds);
const IDLE_S = Number(values.idle);
const LOAD_S = Number(values.load);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = new URL('..', import.meta.url);

const QUERIES = [
  { query: '{ __typename }' },
  { query: '{ designs(first: 20) { edges { node { id title } } } }' },
  {
    query: `query Catalogue($first: Int) { designs(first: $first) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { id title ownerOrganization { name } ownerAccount { name } latestVersion { cid description publishedAt license { hardware } licenseClass } } } } }`,
    variables: { first: 24 },
  },
];

// kB figures from /proc/<pid>/status, in MB.
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const mb = (field) => +(kb(field) / 1024).toFixed(1);
  return {
    rssMb: mb('VmRSS'),
    anonMb: mb('RssAnon'),
    fileMb: mb('RssFile'),
    peakMb: mb('VmHWM'),
    threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]),
  };
}

function processTree(pid) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter(Boolean)
    .map(([, p, pp, rss, args]) => ({ pid: +p, ppid: +pp, rssMb: +(rss / 1024).toFixed(1), args: args.slice(0, 100) }));
  const tree = [];
  const walk = (p, depth) => {
    for (const r of rows.filter((x) => x.ppid === p)) {
      tree.push({ ...r, depth });
      walk(r.pid, depth + 1);
    }
  };
  tree.push({ ...rows.find((r) => r.pid === pid), depth: 0 });
  walk(pid, 1);
  return tree;
}

const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000));

async function loadRound(baseUrl, seconds, pid) {
  const cpuBefore = cpuSeconds([pid]);
  let requests = 0;
  for (const body of QUERIES) {
    const r = await autocannon({
      url: `${baseUrl}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      connections: 10,
      duration: Math.max(1, Math.round(seconds / QUERIES.length)),
    });
    if (r.errors || r.non2xx) throw new Error(`${r.errors} errors, ${r.non2xx} non-2xx responses under load`);
    requests += r.requests.total;
  }
  return { requests, cpuMsPerRequest: +(((cpuSeconds([pid]) - cpuBefore) * 1000) / requests).toFixed(3) };
}

// RSS of a fresh `node` that imports one module (after a GC), minus that of a bare `node`.
const IMPORTS = [
  'reflect-metadata',
  'rxjs',
  '@nestjs/core',
  '@nestjs/graphql',
  '@nestjs/apollo',
  '@apollo/server',
  'graphql',
  '@nestjs/platform-fastify',
  'typeorm',
  'pg',
  'kysely',
  'ioredis',
  'bullmq',
  '@bull-board/api',
  '@bull-board/fastify',
  'viem',
  'viem/accounts',
  'viem/siwe',
  '@openzeppelin/merkle-tree',
  'ajv',
  'zod',
  'yaml',
  'smol-toml',
  'jose',
  'dag-jose',
  'multiformats',
  '@ipld/car',
  'blockstore-fs',
  'ipfs-unixfs-importer',
  'ipfs-unixfs-exporter',
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/exporter-trace-otlp-http',
  'prom-client',
  '@nestjs/terminus',
  'rate-limiter-flexible',
  'pino',
  '@ceramicnetwork/http-client',
  'ethers',
  'solc',
  'helia',
];
function importCosts() {
  const probe = (spec) => {
    const code = `${spec ? `await import(${JSON.stringify(spec)});` : ''} globalThis.gc(); await new Promise((r) => setTimeout(r, 200)); globalThis.gc();
      const s = (await import('node:fs')).readFileSync('/proc/self/status', 'utf8'); const kb = (f) => Number(new RegExp('^' + f + ':\\\\s+(\\\\d+)', 'm').exec(s)[1]);
      const m = process.memoryUsage(); console.log(JSON.stringify({ rss: kb('VmRSS') / 1024, heap: m.heapUsed / 1048576, external: (m.external + m.arrayBuffers) / 1048576 }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) return null;
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const base = probe(null);
  const out = { bareNode: { rssMb: +base.rss.toFixed(1), heapMb: +base.heap.toFixed(1) } };
  for (const spec of IMPORTS) {
    const m = probe(spec);
    out[spec] = m
      ? {
          rssMb: +(m.rss - base.rss).toFixed(1),
          heapMb: +(m.heap - base.heap).toFixed(1),
          externalMb: +(m.external - base.external).toFixed(1),
        }
      : 'not installed';
    console.error(spec, JSON.stringify(out[spec]));
  }
  return out;
}

const result = { date: new Date().toISOString(), node: process.version, idleS: IDLE_S, loadS: LOAD_S };
if (values.imports) result.imports = importCosts();

const scratch = await createScratchDatabase('cosmolocal_bench_rss');
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-rss-'));
let platform;
try {
  platform = await startPlatform({
    dataDir: work,
    port: await freePort(),
    only: 'api',
    env: { DATABASE_URL: scratch.url, REDIS_URL, QUEUE_PREFIX: scratch.name, DEMO_SEED: 'false' },
  });
  const pid = platform.pid;
  result.processes = processTree(pid);
  result.atReady = memoryOf(pid);
  await fillCatalogue(platform.baseUrl, scratch.url, Number(values.designs));
  // Warm-up: each query a few times, as a first visitor would.
  for (let i = 0; i < 5; i++) for (const body of QUERIES) await gql(platform.baseUrl, body.query, body.variables);
  await sleep(IDLE_S);
  result.idle = memoryOf(pid);
  console.error(JSON.stringify({ idle: result.idle }));
  result.afterLoad = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const load = await loadRound(platform.baseUrl, LOAD_S, pid);
    await sleep(IDLE_S);
    const m = { round, ...load, ...memoryOf(pid) };
    result.afterLoad.push(m);
    console.error(JSON.stringify(m));
  }
} finally {
  if (platform) result.stop = await platform.stop().then((r) => r.code, String);
  await scratch.drop();
  result.redisKeysDeleted = await deleteRedisKeys(scratch.name, REDIS_URL);
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/idle-rss.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
