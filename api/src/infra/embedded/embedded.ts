import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { EmbeddedService } from '../../config/config.js';
import { watchParent } from './watchdog.js';

// Embedded infrastructure for `npm start` and tests on a machine with nothing installed.
// Loaded lazily (dynamic import) and refused in production by the caller.

export const ANVIL_CHAIN_ID = 31337;
// Anvil's first well-known development account; only ever used against the embedded chain.
export const ANVIL_DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;

export interface EmbeddedOptions {
  dataDir: string;
  services: EmbeddedService[];
  ports?: { pg?: number; redis?: number; anvil?: number };
  chainId?: number; // the embedded chain's id (default: anvil's 31337)
  log?: (message: string) => void;
}

export interface EmbeddedInfra {
  databaseUrl?: string;
  redisUrl?: string;
  rpcUrl?: string;
  chainId?: number;
  signerKey?: `0x${string}`;
  stop(): Promise<void>;
}

const SYSTEM_REDIS_PATHS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

export function findSystemRedis(): string | undefined {
  return SYSTEM_REDIS_PATHS.find((p) => existsSync(p));
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedInfra> {
  const log = options.log ?? (() => undefined);
  const stops: Array<() => Promise<void>> = [];
  const result: Omit<EmbeddedInfra, 'stop'> = {};
  const stop = async () => {
    // Reverse order: dependants first.
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const tasks: Array<Promise<void>> = [];
    if (options.services.includes('postgres')) {
      tasks.push(
        startPglite(join(options.dataDir, 'pg'), options.ports?.pg ?? 0).then(({ url, stop: s }) => {
          stops.push(s);
          result.databaseUrl = url;
          log(`embedded PostgreSQL (PGlite) at ${url}`);
        }),
      );
    }
    if (options.services.includes('redis')) {
      tasks.push(
        startRedis(join(options.dataDir, 'redis'), options.ports?.redis ?? 0).then(({ url, stop: s }) => {
          stops.push(s);
          result.redisUrl = url;
          log(`embedded Redis at ${url}`);
        }),
      );
    }
    if (options.services.includes('chain')) {
      tasks.push(
        startAnvil(join(options.dataDir, 'anvil'), options.ports?.anvil ?? 0, options.chainId ?? ANVIL_CHAIN_ID).then(
          ({ url, stop: s }) => {
            stops.push(s);
            result.rpcUrl = url;
            result.chainId = options.chainId ?? ANVIL_CHAIN_ID;
            result.signerKey = ANVIL_DEV_KEY;
            log(`embedded EVM chain (anvil) at ${url}`);
          },
        ),
      );
    }
    const settled = await Promise.allSettled(tasks);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await stop();
    throw err;
  }
  return { ...result, stop };
}

async function startPglite(dir: string, port: number) {
  mkdirSync(dir, { recursive: true });
  const [{ PGlite }, { PgliteServer }, { cube }, { earthdistance }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./pglite-server.js'),
    import('@electric-sql/pglite/contrib/cube'),
    import('@electric-sql/pglite/contrib/earthdistance'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const db = await PGlite.create({ dataDir: dir, extensions: { cube, earthdistance, pg_trgm } });
  // One PGlite session serves every client, one request cycle or transaction at a time.
  const server = new PgliteServer(db);
  const bound = await server.listen(port);
  const url = `postgres://postgres@127.0.0.1:${bound}/postgres?sslmode=disable`;
  return {
    url,
    stop: async () => {
      await server.close();
      await db.close();
    },
  };
}

async function startRedis(dir: string, port: number) {
  const systemBinary = findSystemRedis();
  if (!systemBinary) {
    throw new Error(
      `No redis-server found in ${SYSTEM_REDIS_PATHS.join(', ')}. Install Redis (e.g. apt-get install redis-server) or set REDIS_URL.`,
    );
  }
  mkdirSync(dir, { recursive: true });
  const { RedisMemoryServer } = await import('redis-memory-server');
  // Append-only file in DATA_DIR so queued jobs survive a restart. Detached: see watchdog.ts.
  const server = new RedisMemoryServer({
    binary: { systemBinary },
    instance: { ip: '127.0.0.1', port: port || undefined, args: ['--dir', dir, '--appendonly', 'yes', '--save', ''] },
    spawn: { detached: true },
  });
  await server.start();
  const info = server.getInstanceInfo();
  const stopWatchdog = watchParent(info ? info.instance.getPid() : undefined);
  const url = `redis://127.0.0.1:${await server.getPort()}`;
  return {
    url,
    stop: async () => {
      stopWatchdog();
      await server.stop();
    },
  };
}

function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  try {
    return require.resolve(`${platformPackage}/bin/anvil`);
  } catch {
    throw new Error(
      `anvil binary for ${process.platform}/${process.arch} not found (${platformPackage}). Set RPC_URL to use another chain.`,
    );
  }
}

async function startAnvil(dir: string, port: number, chainId: number) {
  mkdirSync(dir, { recursive: true });
  const chosen = port || (await freePort());
  const child: ChildProcess = spawn(
    anvilBinary(),
    [
      '--host',
      '127.0.0.1',
      '--port',
      String(chosen),
      '--chain-id',
      String(chainId),
      // Loads state at start, dumps it on exit and every few seconds, so a restart keeps the chain.
      '--state',
      join(dir, 'state.json'),
      '--state-interval',
      '5',
      '--silent',
    ],
    // Detached: see watchdog.ts.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const stopWatchdog = watchParent(child.pid);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${chosen}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited with code ${child.exitCode}: ${stderr.trim()}`);
    if (await rpcReady(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`anvil did not answer on ${url} within 20 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      stopWatchdog();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

async function rpcReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
