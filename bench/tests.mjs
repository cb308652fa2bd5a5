// Wall time of the whole test suite (`npm test`), as CI runs it when DATABASE_URL /
// REDIS_URL are set, or on embedded services otherwise.
// Usage: npm run bench:tests [-- --runs 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
const times = [];
for (let i = 0; i < Number(values.runs); i++) {
  const started = performance.now();
  const run = spawnSync('npm', ['test', '--silent'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  const summary = /Tests:\s+(.*)/.exec(run.stderr)?.[1] ?? '';
  times.push(ms);
  console.log(`run ${i + 1}: ${(ms / 1000).toFixed(1)} s (${summary.trim()})`);
}
const mode = process.env.DATABASE_URL ? 'postgres+redis' : 'embedded';
const result = { date: new Date().toISOString(), mode, seconds: times.map((t) => Math.round(t / 100) / 10) };
console.log(JSON.stringify(result));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL(`./results/tests-${mode}.json`, import.meta.url), JSON.stringify(result, null, 2) + '\n');
