// Start-up time of the embedded quick start: process spawn → /ready answers 200.
// Cold = empty DATA_DIR (PGlite initdb, anvil genesis, migrations); warm = same DATA_DIR again.
// Usage: npm run bench:start [-- --runs 5]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startPlatform } from '../scripts/lib/platform-process.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, via: { type: 'string', default: 'npm' } },
});
const runs = Number(values.runs);
// 'npm' measures `npm start` as typed by a newcomer (includes the build); 'node' the built CLI alone.
const via = values.via === 'node' ? 'node' : 'npm';
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-'));
  try {
    const port = await freePort();
    const a = await startPlatform({ dataDir, port, via });
    cold.push(a.readyMs);
    await a.stop('SIGINT', { group: true });
    const b = await startPlatform({ dataDir, port, via });
    warm.push(b.readyMs);
    await b.stop('SIGINT', { group: true });
    console.log(`run ${i + 1}/${runs}: cold ${Math.round(a.readyMs)} ms, warm ${Math.round(b.readyMs)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: Math.round(s[Math.floor(s.length / 2)]), min: Math.round(s[0]), max: Math.round(s.at(-1)) };
};
const result = { date: new Date().toISOString(), via, runs, coldMs: stats(cold), warmMs: stats(warm), goalColdMs: 15000 };
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL(`./results/start-${via}.json`, import.meta.url), JSON.stringify(result, null, 2) + '\n');
process.exit(result.coldMs.median <= result.goalColdMs ? 0 : 1);
