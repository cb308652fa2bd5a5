// Starts `cosmolocal start` as a child process on embedded defaults, for the smoke
// test and the start-up benchmark.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Node's flags and the environment (glibc's allocator settings) in package.json's start script,
// which 'node' runs with too.
const START_WORDS = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts.start.split(' ');
const START_FLAGS = START_WORDS.filter((word) => word.startsWith('--') && !process.env.BENCH_NO_FLAGS);
const START_ENV = Object.fromEntries(
  START_WORDS.slice(0, START_WORDS.indexOf('node'))
    .filter((word) => /^[A-Z_]+=/.test(word) && !process.env.BENCH_NO_FLAGS)
    .map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]),
);
const EMBEDDED_UNSET = ['DATABASE_URL', 'REDIS_URL', 'RPC_URL', 'CHAIN_ID', 'CHAIN_SIGNER_KEY', 'KUBO_RPC_URL', 'NODE_ENV'];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// via 'node' runs the built CLI; via 'npm' runs `npm start` exactly as a newcomer would (build included).
// only: 'api' or 'worker' runs that part alone (`cosmolocal start --only …`).
export async function startPlatform({ dataDir, port, timeoutMs = 60_000, via = 'node', env: extraEnv = {}, only }) {
  const env = { ...process.env };
  for (const name of EMBEDDED_UNSET) delete env[name];
  Object.assign(env, START_ENV, { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, extraEnv);
  const started = performance.now();
  const part = only ? ['--only', only] : [];
  const [cmd, args] =
    via === 'npm'
      ? ['npm', ['start', '--silent', ...(only ? ['--', ...part] : [])]]
      : [process.execPath, [...START_FLAGS, 'dist/cli/main.js', 'start', ...part]];
  // Its own process group, so a test can signal it as a terminal would.
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode} before ready:\n${output}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`platform not ready within ${timeoutMs} ms:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    baseUrl,
    readyMs,
    pid: child.pid,
    output: () => output,
    descendants: () => descendantsOf(child.pid),
    // group: signal the whole process group (a terminal's Ctrl-C); otherwise only the
    // platform process, which must then stop its children itself.
    async stop(signal = 'SIGTERM', { group = false } = {}) {
      const pids = descendantsOf(child.pid);
      process.kill(group ? -child.pid : child.pid, signal);
      const result = await exited;
      return { ...result, leftovers: await stillRunning(pids) };
    },
  };
}

export async function gql(baseUrl, query, variables = {}, token) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

function descendantsOf(pid) {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const found = [];
  const walk = (p) => {
    for (const [child, parent] of table) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

// Processes from the list still running a moment after the parent exited (zombies excluded).
async function stillRunning(pids) {
  await new Promise((r) => setTimeout(r, 1500));
  return pids.filter((pid) => {
    try {
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      return state !== 'Z';
    } catch {
      return false;
    }
  });
}
