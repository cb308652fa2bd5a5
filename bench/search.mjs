// Catalogue search latency with 100,000 designs, measured as a client sees it
// (GraphQL over HTTP, first page of 20). Designs are built from the 3,053 OSHWA-certified
// projects in ../shared/data (titles, descriptions, types), repeated with numbered editions.
// Needs PostgreSQL (DATABASE_URL, default the local server); a scratch database is
// created and dropped. Usage: npm run bench:search [-- --designs 100000 --queries 300]
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';

const { values } = parseArgs({ options: { designs: { type: 'string', default: '100000' }, queries: { type: 'string', default: '300' } } });
const N = Number(values.designs);
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
const result = { date: new Date().toISOString(), designs: N };
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
  const started = performance.now();
  const titles = projects.map((p) => p.projectName);
  const descriptions = projects.map((p) => (p.projectDescription ?? '').slice(0, 2000));
  const processes = projects.map((p) => PROCESS_OF[p.primaryType] ?? PROCESS_OF[(p.additionalType ?? [])[0]] ?? 'ASSEMBLY');
  for (let offset = 0; offset < N; offset += 10_000) {
    const count = Math.min(10_000, N - offset);
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
  await db.query('ANALYZE designs; ANALYZE design_versions');
  const [{ n: listed }] = (await db.query('SELECT count(*)::int AS n FROM designs d JOIN design_versions v ON v.id = d.latest_version_id'))
    .rows;
  if (listed !== N) throw new Error(`expected ${N} designs in the catalogue, found ${listed}`);
  result.loadSeconds = Math.round((performance.now() - started) / 100) / 10;
  await db.end();

  // Query mix: keywords real projects use, the same with a process filter, and plain browsing.
  const keywords = [...new Set(projects.flatMap((p) => p.projectKeywords ?? []).filter((k) => /^[a-z][a-z0-9 -]{2,20}$/i.test(k)))];
  const PAGE = `query($f: DesignFilter) { designs(filter: $f, first: 20) { edges { cursor node { id title latestVersion { cid licenseClass } } } pageInfo { hasNextPage } } }`;
  const COUNTED = PAGE.replace('edges {', 'totalCount edges {');
  const groups = { text: [], textAndProcess: [], browse: [], textCounted: [], browseCounted: [] };
  const total = Number(values.queries);
  let hits = 0;
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
      await gql(platform.baseUrl, COUNTED, { f: filter });
      groups[`${group}Counted`].push(performance.now() - t2);
    }
  }
  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
  };
  const all = [...groups.text, ...groups.textAndProcess, ...groups.browse];
  result.queriesWithResults = `${hits}/${total}`;
  result.latencyMs = Object.fromEntries(
    [...Object.entries(groups), ['all', all]].map(([k, xs]) => [k, { n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) }]),
  );
  console.log(JSON.stringify(result, null, 2));
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await platform?.stop('SIGTERM');
  await scratch.drop();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/search.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
