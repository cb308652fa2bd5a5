// Catalogue search latency as the catalogue grows, measured as a client sees it (GraphQL over
// HTTP, first page of 20). Designs are built from the 3,053 OSHWA-certified projects in
// ../shared/data (titles, descriptions, types), repeated with numbered editions. One scratch
// database grows through the sizes (default 10,000 then 100,000 designs); each size is measured,
// and the report gives each query kind's p99 growth from the first size to the last.
// Needs PostgreSQL (DATABASE_URL, default the local server); the scratch database is dropped.
// Usage: npm run bench:search [-- --sizes 10000,100000 --queries 300]
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';
import { deleteRedisKeys } from './lib/redis-keys.mjs';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,100000' }, designs: { type: 'string' }, queries: { type: 'string', default: '300' } },
});
const SIZES = (values.designs ?? values.sizes).split(',').map(Number);
if (SIZES.some((n, i) => !Number.isInteger(n) || n <= 0 || (i > 0 && n <= SIZES[i - 1]))) throw new Error('--sizes: growing whole numbers');
const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const projects = JSON.parse(
  readFileSync(new URL('../../shared/data/oshwa-certified/oshwa_projects_2025-07.json', import.meta.url), 'utf8'),
);
const PROCESS_OF = {
  Electronics: 'PCB_FABRICATION',
  '3D Printing': 'THREE_D_PRINTING',
  Manufacturing: 'MACHINING',
  Wearables: 'SEWING',
  Robotics: 'ASSEMBLY',
  Tool: 'MACHINING',
};
const CLASSES = ['ALLOWED', 'ATTRIBUTION_REQUIRED', 'SHARE_ALIKE', 'NON_COMMERCIAL_ONLY'];

const scratch = await createScratchDatabase('cosmolocal_bench');
const dbName = scratch.name;
const url = scratch.url;
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-search-'));
let platform;
const result = { date: new Date().toISOString(), sizes: {} };
try {
  platform = await startPlatform({
    dataDir: work,
    port: await freePort(),
    env: { DATABASE_URL: url, REDIS_URL: redis, QUEUE_PREFIX: dbName },
  });
  const reg = await gql(platform.baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { account { id } } }', {
    i: { email: 'bench@example.org', password: 'benchmarks all the way down', name: 'Bench' },
  });
  const accountId = reg.data.register.account.id;

  const db = new pg.Client({ connectionString: url });
  db.on('error', () => undefined); // the scratch database is dropped under it at the end
  await db.connect();
  const titles = projects.map((p) => p.projectName);
  const descriptions = projects.map((p) => (p.projectDescription ?? '').slice(0, 2000));
  const processes = projects.map((p) => PROCESS_OF[p.primaryType] ?? PROCESS_OF[(p.additionalType ?? [])[0]] ?? 'ASSEMBLY');
  // Grows the catalogue from `from` designs to `to`.
  const load = async (from, to) => {
    for (let offset = from; offset < to; offset += 10_000) {
      const count = Math.min(10_000, to - offset);
      await db.query('BEGIN');
      await db.query(
        `WITH src AS (
           SELECT g, gen_random_uuid() AS design_id, gen_random_uuid() AS version_id,
                  t.title || CASE WHEN g >= $5 THEN ' edition ' || (g / $5) ELSE '' END AS title,
                  t.description, t.process, (ARRAY['ALLOWED','ATTRIBUTION_REQUIRED','SHARE_ALIKE','NON_COMMERCIAL_ONLY'])[1 + g % 4] AS class
           FROM generate_series($1::int, $1::int + $2::int - 1) AS g
           JOIN unnest($3::text[], $4::text[], $6::text[]) WITH ORDINALITY AS t(title, description, process, n) ON t.n = 1 + g % $5
         ), d AS (
           -- Sibling data-modifying CTEs cannot see each other's rows, but foreign keys are
           -- checked at the end of the statement, so the latest version can be named here.
           INSERT INTO designs (id, owner_account_id, title, created_by, created_at, latest_version_id)
           SELECT design_id, $7, title, $7, now() - (g || ' minutes')::interval, version_id FROM src
         )
         INSERT INTO design_versions (id, design_id, cid, root_cid, title, licence_hardware, licence_class, manifest, published_by, published_at, processes)
         SELECT version_id, design_id, 'bench-' || g, 'bench-root', title, 'CERN-OHL-S-2.0', class,
                jsonb_build_object('function', description), $7, now() - (g || ' minutes')::interval, ARRAY[process]
         FROM src`,
        [offset, count, titles, descriptions, titles.length, processes, accountId],
      );
      await db.query('COMMIT');
    }
    // As autovacuum would after a bulk load: statistics, and the visibility map.
    await db.query('VACUUM ANALYZE designs');
    await db.query('VACUUM ANALYZE design_versions');
    const [{ n: listed }] = (
      await db.query('SELECT count(*)::int AS n FROM designs d JOIN design_versions v ON v.id = d.latest_version_id')
    ).rows;
    if (listed !== to) throw new Error(`expected ${to} designs in the catalogue, found ${listed}`);
  };

  // Query mix: keywords real projects use, the same with a process filter, and plain browsing;
  // each text and browse query is also asked with totalCount. Then keywords with a letter dropped
  // ("arduno"), which match nothing exactly and are answered from similar titles.
  const keywords = [...new Set(projects.flatMap((p) => p.projectKeywords ?? []).filter((k) => /^[a-z][a-z0-9 -]{2,20}$/i.test(k)))];
  const typos = keywords.filter((k) => /^[a-z]{6,}$/i.test(k)).map((k) => k.slice(0, 3) + k.slice(4));
  const PAGE = `query($f: DesignFilter) { designs(filter: $f, first: 20) { edges { cursor node { id title latestVersion { cid licenseClass } } } pageInfo { hasNextPage } } }`;
  const COUNTED = PAGE.replace('edges {', 'totalCount totalCountCapped edges {');
  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
  };
  // A round of the same mix, unmeasured, first: the platform's pool and each connection's caches
  // warm up, and a newly grown catalogue is read into memory once.
  const warmUp = async () => {
    for (let i = 0; i < 60; i++) {
      const word = keywords[(i * 104729) % keywords.length];
      const filter = i % 3 === 2 ? { licenseClasses: [CLASSES[i % 4]] } : { text: i % 3 ? word : typos[i % typos.length] };
      await gql(platform.baseUrl, i % 2 ? COUNTED : PAGE, { f: filter });
    }
  };
  const measure = async () => {
    await warmUp();
    const groups = { text: [], textAndProcess: [], browse: [], textCounted: [], browseCounted: [], typo: [] };
    const total = Number(values.queries);
    let hits = 0;
    let capped = 0;
    for (let i = 0; i < total; i++) {
      const word = keywords[(i * 7919) % keywords.length];
      const [group, filter] =
        i % 3 === 0
          ? ['text', { text: word }]
          : i % 3 === 1
            ? ['textAndProcess', { text: word, process: 'PCB_FABRICATION' }]
            : ['browse', { licenseClasses: [CLASSES[i % 4]] }];
      const t = performance.now();
      const res = await gql(platform.baseUrl, PAGE, { f: filter });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      hits += res.data.designs.edges.length > 0 ? 1 : 0;
      groups[group].push(performance.now() - t);
      if (group !== 'textAndProcess') {
        const t2 = performance.now();
        const counted = await gql(platform.baseUrl, COUNTED, { f: filter });
        groups[`${group}Counted`].push(performance.now() - t2);
        capped += counted.data.designs.totalCountCapped ? 1 : 0;
      }
    }
    let typoHits = 0;
    for (let i = 0; i < Math.ceil(total / 3); i++) {
      const t = performance.now();
      const res = await gql(platform.baseUrl, PAGE, { f: { text: typos[(i * 7919) % typos.length] } });
      groups.typo.push(performance.now() - t);
      typoHits += res.data.designs.edges.length > 0 ? 1 : 0;
    }
    const all = [...groups.text, ...groups.textAndProcess, ...groups.browse];
    return {
      queriesWithResults: `${hits}/${total}`,
      countsCapped: `${capped}/${groups.textCounted.length + groups.browseCounted.length}`,
      typoQueriesWithResults: `${typoHits}/${groups.typo.length}`,
      latencyMs: Object.fromEntries(
        [...Object.entries(groups), ['all', all]].map(([k, xs]) => [k, { n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) }]),
      ),
    };
  };

  let loaded = 0;
  for (const size of SIZES) {
    const started = performance.now();
    await load(loaded, size);
    loaded = size;
    const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
    result.sizes[size] = { loadSeconds, ...(await measure()) };
    console.error(`${size} designs: ${JSON.stringify(result.sizes[size].latencyMs)}`);
  }
  await db.end();
  // p99 at the largest size over p99 at the smallest, per query kind.
  const [first, last] = [result.sizes[SIZES[0]], result.sizes[SIZES.at(-1)]];
  result.p99Growth = Object.fromEntries(
    Object.keys(last.latencyMs).map((k) => [k, Math.round((last.latencyMs[k].p99 / first.latencyMs[k].p99) * 100) / 100]),
  );
  console.log(JSON.stringify(result, null, 2));
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await platform?.stop('SIGTERM');
  result.redisKeysDeleted = await deleteRedisKeys(dbName, redis);
  await scratch.drop();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/search.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
