// The catalogue with 10,000 designs in a real browser (Debian's chromium): the time from
// navigation until the first page is usable (24 result cards and the search form on screen),
// cold (empty browser cache) and warm, for browsing and for a search. The platform runs as its
// own process on a scratch PostgreSQL database seeded from the OSHWA projects in ../shared/data.
// Usage: npm run bench:web-catalogue [-- --designs 10000 --runs 15]
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/lib/chromium.mjs';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';

const { values } = parseArgs({ options: { designs: { type: 'string', default: '10000' }, runs: { type: 'string', default: '15' } } });
const N = Number(values.designs);
const RUNS = Number(values.runs);
const projects = JSON.parse(
  readFileSync(new URL('../../shared/data/oshwa-certified/oshwa_projects_2025-07.json', import.meta.url), 'utf8'),
);

const scratch = await createScratchDatabase('cosmolocal_bench_web');
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-web-'));
let platform;
let browser;
const result = { date: new Date().toISOString(), designs: N, runs: RUNS };
try {
  platform = await startPlatform({
    dataDir: work,
    port: await freePort(),
    env: { DATABASE_URL: scratch.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: scratch.name },
  });
  const reg = await gql(platform.baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { account { id } } }', {
    i: { email: 'bench@example.org', password: 'benchmarks all the way down', name: 'Bench' },
  });
  const accountId = reg.data.register.account.id;
  const db = new pg.Client({ connectionString: scratch.url });
  db.on('error', () => undefined);
  await db.connect();
  await db.query(
    `WITH src AS (
       SELECT g, gen_random_uuid() AS design_id, gen_random_uuid() AS version_id,
              t.title || CASE WHEN g >= $3 THEN ' edition ' || (g / $3) ELSE '' END AS title, t.description
       FROM generate_series(0, $1::int - 1) AS g
       JOIN unnest($2::text[], $4::text[]) WITH ORDINALITY AS t(title, description, n) ON t.n = 1 + g % $3
     ), d AS (
       INSERT INTO designs (id, owner_account_id, title, created_by, created_at, latest_version_id)
       SELECT design_id, $5, title, $5, now() - (g || ' minutes')::interval, version_id FROM src
     )
     INSERT INTO design_versions (id, design_id, cid, root_cid, title, licence_hardware, licence_class, manifest, published_by, published_at, processes)
     SELECT version_id, design_id, 'bench-' || g, 'bench-root', title, 'CERN-OHL-S-2.0', (ARRAY['ALLOWED','ATTRIBUTION_REQUIRED','SHARE_ALIKE','NON_COMMERCIAL_ONLY'])[1 + g % 4],
            jsonb_build_object('function', description, 'files', '[]'::jsonb, 'bom', '[]'::jsonb,
                               'parts', jsonb_build_array(jsonb_build_object('id', 'p1', 'name', 'panel', 'process', 'LASER_CUTTING', 'material', 'plywood'))),
            $5, now() - (g || ' minutes')::interval, ARRAY['LASER_CUTTING']
     FROM src`,
    [N, projects.map((p) => p.projectName), projects.length, projects.map((p) => (p.projectDescription ?? '').slice(0, 500)), accountId],
  );
  await db.query('ANALYZE designs; ANALYZE design_versions');
  await db.end();

  browser = await chromium.launch(chromiumLaunchOptions());
  // ms from navigation start until 24 cards and the search form are on screen, read in the page.
  const usable = async (page, path) => {
    await page.goto(`${platform.baseUrl}${path}`);
    await page.waitForFunction(
      // eslint-disable-next-line no-undef -- the function runs in the page, where document is defined
      () => document.querySelectorAll('.cards li').length >= 24 && !!document.querySelector('form[role=search]'),
      undefined,
      { timeout: 30_000 },
    );
    return page.evaluate(() => performance.now());
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
  for (const [name, path] of [
    ['browse', '/'],
    ['search', '/?q=arduino'],
  ]) {
    const cold = [];
    const warm = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      cold.push(await usable(page, path)); // a fresh context: nothing cached
      warm.push(await usable(page, path)); // the same page again: the app's files cached
      await context.close();
    }
    result[name] = {
      coldMedianMs: Math.round(median(cold)),
      coldP95Ms: Math.round(p95(cold)),
      warmMedianMs: Math.round(median(warm)),
      warmP95Ms: Math.round(p95(warm)),
    };
  }
  const total = await gql(platform.baseUrl, '{ designs(first: 1) { totalCount } }');
  result.catalogueTotal = total.data.designs.totalCount;
} finally {
  await browser?.close();
  await platform?.stop();
  await scratch.drop();
}
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/web-catalogue.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
