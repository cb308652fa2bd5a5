import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';

// The built platform (`node dist/cli/main.js start`) as a real process, for tests of how it
// starts and stops: its own process group, so a test can signal the group as a terminal does.

export const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const EMBEDDED_UNSET = [
  'DATABASE_URL',
  'REDIS_URL',
  'RPC_URL',
  'CHAIN_ID',
  'CHAIN_SIGNER_KEY',
  'KUBO_RPC_URL',
  'NODE_ENV',
  'TOKEN_SECRET',
  'KEY_ENCRYPTION_SECRET',
];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// The environment of `npm start` on a machine with nothing configured, plus `extra`; without the
// demo world unless `extra` asks for it (DEMO_SEED), as these tests are about the processes.
export function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of EMBEDDED_UNSET) delete env[name];
  return { ...env, HOST: '127.0.0.1', LOG_LEVEL: 'info', DEMO_SEED: 'false', ...extra };
}

export interface PlatformProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  // Every process seen below the platform while it ran, with its name.
  seen(): Map<number, string>;
}

export function spawnPlatform(args: string[], env: NodeJS.ProcessEnv): PlatformProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const seen = new Map<number, string>();
  const sample = setInterval(() => {
    for (const pid of descendantsOf(child.pid!)) if (!seen.has(pid)) seen.set(pid, processName(pid) ?? '?');
  }, 200);
  // The exit can be reported before the last of its output is read from the pipes: wait for both
  // to end (or a child that inherited them to give up, at most 2 s), so output() is whole.
  const drained = Promise.all([child.stdout!, child.stderr!].map((s) => new Promise((r) => s.once('close', r))));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      clearInterval(sample);
      void Promise.race([drained, new Promise((r) => setTimeout(r, 2000))]).then(() => resolve({ code, signal }));
    }),
  );
  return { child, output: () => output, exited, seen: () => seen };
}

export async function waitReady(baseUrl: string, isRunning: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isRunning()) throw new Error('the platform exited before it was ready');
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [c, parent] of table) {
      if (parent === p) {
        found.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return found;
}

export function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

// Running (not a zombie waiting for its parent to reap it).
export function isRunning(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z';
  } catch {
    return false;
  }
}

// The processes of `seen` still running (under the same name) after a moment: a sentinel
// needs up to a second to notice.
export async function stillRunning(seen: Map<number, string>, graceMs = 2000): Promise<string[]> {
  await new Promise((r) => setTimeout(r, graceMs));
  return [...seen].filter(([pid, name]) => isRunning(pid) && processName(pid) === name).map(([pid, name]) => `${name} (${pid})`);
}

// Error output: stack traces and anything not a JSON log line, and JSON lines at level error.
export function errorLines(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => l.trim())
    .filter((l) => {
      try {
        return (JSON.parse(l) as { level?: string }).level === 'error';
      } catch {
        return true;
      }
    });
}
