import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { fundedSignerKey } from '../support/chain.js';
import { freePort, waitReady } from '../support/platform.js';
import { scratchDatabase } from '../support/scratch.js';

// The image's two entrypoints (docker-compose.yml's api and worker commands) as the image runs
// them: NODE_ENV=production, real PostgreSQL, Redis and chain, as a user that is not root (the
// image's `node`; here `nobody`), over a DATA_DIR made by root and then handed to that user, as
// the Dockerfile prepares /data.

jest.setTimeout(180_000);
const NOBODY = 65534;
const SETPRIV = '/usr/bin/setpriv';
const skip =
  process.getuid?.() !== 0
    ? 'not running as root: cannot start processes as another user'
    : !existsSync(SETPRIV)
      ? `no ${SETPRIV}`
      : undefined;
if (skip) console.log(`production-entrypoints skipped: ${skip}`);
const maybe = skip ? it.skip : it;

interface Proc {
  output(): string;
  exited: Promise<number | null>;
  running(): boolean;
  stop(): Promise<number | null>;
}

function asNobody(entry: string, env: Record<string, string>): Proc {
  const child = spawn(SETPRIV, [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, join(PROJECT_ROOT, entry)], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

// A directory only root can write, like /data in an image that does not prepare it.
function rootOwnedDataDir(): string {
  const base = mkdtempSync(join(tmpdir(), 'cosmolocal-image-'));
  chmodSync(base, 0o755);
  const data = join(base, 'data');
  mkdirSync(data, { mode: 0o755 });
  return data;
}

async function productionEnv(dataDir: string, databaseUrl: string): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    QUEUE_PREFIX: `image-${randomBytes(4).toString('hex')}`,
    RPC_URL: process.env.TEST_RPC_URL!,
    CHAIN_ID: process.env.TEST_CHAIN_ID!,
    CHAIN_SIGNER_KEY: await fundedSignerKey(),
    TOKEN_SECRET: randomBytes(32).toString('base64'),
    KEY_ENCRYPTION_SECRET: randomBytes(32).toString('base64'),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
}

async function waitForLine(proc: Proc, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.output())) {
    if (!proc.running()) throw new Error(`exited before ${pattern}:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the image entrypoints as a user that is not root', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    if (!skip) db = await scratchDatabase({ label: 'image', migrate: true });
  });
  afterAll(() => db?.drop());

  maybe('become ready over a DATA_DIR chowned as the Dockerfile does, and store uploads in it', async () => {
    const dataDir = rootOwnedDataDir();
    chownSync(dataDir, NOBODY, NOBODY);
    const env = await productionEnv(dataDir, db.url);
    const api = asNobody('dist/api/src/main.js', env);
    const worker = asNobody('dist/worker/src/main.js', { ...env, MIGRATE_ON_START: 'false' });
    try {
      const base = `http://127.0.0.1:${env.PORT}`;
      await waitReady(base, () => api.running(), 90_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${api.output()}`);
      });
      await waitForLine(worker, /"msg":"ready"/);

      // An upload lands in DATA_DIR (blocks and staging), written by that user.
      const registered = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($i: RegisterInput!) { register(input: $i) { token } }',
          variables: {
            i: {
              email: `image-${randomBytes(3).toString('hex')}@example.org`,
              password: 'a long passphrase for the image test',
              name: 'Image',
            },
          },
        }),
      }).then((r) => r.json() as Promise<{ data: { register: { token: string } } }>);
      const form = new FormData();
      form.append('file', new Blob(['hello from a container']), 'hello.txt');
      const upload = await fetch(`${base}/api/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${registered.data.register.token}` },
        body: form,
      });
      expect(upload.status).toBe(201);
      expect(readdirSync(join(dataDir, 'blocks')).length).toBeGreaterThan(0);
    } finally {
      const codes = [await api.stop(), await worker.stop()];
      expect(codes).toEqual([0, 0]);
    }
    expect(api.output()).not.toMatch(/EACCES/);
    expect(worker.output()).not.toMatch(/EACCES/);
  });

  maybe('fail with exit 1, saying why, over a DATA_DIR left to root', async () => {
    const dataDir = rootOwnedDataDir();
    const api = asNobody('dist/api/src/main.js', await productionEnv(dataDir, db.url));
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/EACCES/);
  });

  maybe('with Kubo configured, never create DATA_DIR/blocks (the API starts over a DATA_DIR it cannot write)', async () => {
    const dataDir = rootOwnedDataDir();
    const env: Record<string, string> = {
      ...(await productionEnv(dataDir, db.url)),
      KUBO_RPC_URL: `http://127.0.0.1:${await freePort()}`,
      MIGRATE_ON_START: 'false',
    };
    const api = asNobody('dist/api/src/main.js', env);
    try {
      await waitForLine(api, /"msg":"ready"/, 90_000);
      expect((await fetch(`http://127.0.0.1:${env.PORT}/health`)).status).toBe(200);
    } finally {
      expect(await api.stop()).toBe(0);
    }
    expect(existsSync(join(dataDir, 'blocks'))).toBe(false);
    expect(api.output()).not.toMatch(/EACCES/);
  });
});
