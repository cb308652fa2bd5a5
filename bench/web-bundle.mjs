// Initial JavaScript of the web app's production build, gzipped: what a browser must download
// before the first page works (the entry script and every module it preloads; pages loaded on
// demand are reported apart). Goal: ≤ 250 KB. Usage: npm run bench:web-bundle
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'web', 'dist');
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'],
  { cwd: ROOT, stdio: 'inherit' },
);

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map(
  (m) => m[1] ?? m[2],
);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+\.css)"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const kb = (n) => Math.round(n / 102.4) / 10;
const initialJs = initial.reduce((s, f) => s + gz(f), 0);
const lazy = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
const result = {
  date: new Date().toISOString(),
  initialJsFiles: initial,
  initialJsGzipKB: kb(initialJs),
  initialJsRawKB: kb(initial.reduce((s, f) => s + readFileSync(join(DIST, f)).length, 0)),
  initialCssGzipKB: kb(css.reduce((s, f) => s + gz(f), 0)),
  onDemandGzipKB: Object.fromEntries(lazy.map((f) => [f.replace(/-[\w-]{8}\.js$/, ''), kb(gz(`assets/${f}`))])),
  goalKB: 250,
  meetsGoal: initialJs <= 250 * 1024,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/web-bundle.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
if (!result.meetsGoal) process.exitCode = 1;
