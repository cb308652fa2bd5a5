// The catalogue with 10,000 designs in a real browser (Debian's chromium): the time from
// navigation until the first page is usable (24 result cards and the search form on screen),
// cold (empty browser cache) and warm, for browsing and for a search. The platform runs as its
// own process on a scratch PostgreSQL database seeded from the OSHWA projects in ../shared/data.
// Usage: npm run bench:web-catalogue [-- --designs 10000 --runs 15]
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/lib/chromium.mjs';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';
import { fillCatalogue } from './lib/catalogue.mjs';
import { deleteRedisKeys } from './lib/redis-keys.mjs';

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
  await fillCatalogue(platform.baseUrl, scratch.url, N, projects);

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
  await deleteRedisKeys(scratch.name);
  await scratch.drop();
}
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/web-catalogue.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
