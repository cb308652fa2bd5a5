import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  CLI,
  descendantsOf,
  embeddedEnv,
  errorLines,
  freePort,
  isRunning,
  processName,
  spawnPlatform,
  stillRunning,
  waitReady,
} from '../support/platform.js';
import { scratchDatabase } from '../support/scratch.js';

// `cosmolocal start` on embedded services, as `npm start` runs it: how it stops on a terminal's
// Ctrl-C, on SIGTERM after its launching shell has gone, and when it cannot start.

jest.setTimeout(180_000);
const dataDir = mkdtempSync(join(tmpdir(), 'cosmolocal-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('stops on a terminal’s Ctrl-C in order and quietly, within seconds, leaving no process behind', async () => {
  const port = await freePort();
  const platform = spawnPlatform(['start'], embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }));
  await waitReady(`http://127.0.0.1:${port}`, () => platform.child.exitCode === null);
  // The worker's blocking Redis reads are under way by now.
  await sleep(4000);
  const names = [...platform.seen().values()];
  expect(names).toEqual(expect.arrayContaining(['redis-server', 'anvil']));

  // A terminal sends SIGINT to its whole foreground process group.
  const signalled = Date.now();
  process.kill(-platform.child.pid!, 'SIGINT');
  const exit = await platform.exited;
  const stoppedInMs = Date.now() - signalled;

  expect(exit).toEqual({ code: 0, signal: null });
  expect(stoppedInMs).toBeLessThan(10_000);
  expect(errorLines(platform.output()).length).toBeLessThan(5);
  expect(await stillRunning(platform.seen())).toEqual([]);
  // The services were closed by the platform, API first, embedded services last.
  const messages = platform
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);
  const order = ['shutting down', 'API closed', 'worker closed', 'embedded services stopped', 'stopped'].map((m) => messages.indexOf(m));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

it('keeps running after the shell that started it with nohup exits, and stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  const log = join(mkdtempSync(join(tmpdir(), 'cosmolocal-nohup-')), 'platform.log');
  // The shell starts the platform in the background and exits when told to (as a user logs out).
  const shell = spawn('sh', ['-c', `nohup "${process.execPath}" "${CLI}" start > "${log}" 2>&1 & echo $!; read _`], {
    env: embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pid = await new Promise<number>((resolve) => shell.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  await waitReady(`http://127.0.0.1:${port}`, () => isRunning(pid));
  const seen = new Map(descendantsOf(pid).map((p) => [p, processName(p) ?? '?']));
  expect([...seen.values()]).toEqual(expect.arrayContaining(['redis-server', 'anvil']));

  const shellExited = new Promise((resolve) => shell.once('exit', resolve));
  shell.stdin!.end();
  await shellExited;
  await sleep(3000);
  const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  expect(ppid).not.toBe(shell.pid); // re-parented
  expect(isRunning(pid)).toBe(true);
  expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isRunning(pid) && Date.now() < deadline) await sleep(100);
  expect(isRunning(pid)).toBe(false);
  const output = readFileSync(log, 'utf8');
  expect(output).toMatch(/"msg":"shutting down","signal":"SIGTERM"/);
  expect(output).toMatch(/"msg":"stopped"/);
  expect(errorLines(output)).toEqual([]);
  expect(await stillRunning(seen)).toEqual([]);
});

it('when its terminal closes, keeps running if started with nohup … & and stops cleanly if in the foreground', async () => {
  if (!existsSync('/usr/bin/script')) {
    console.log('skipped: no /usr/bin/script (util-linux) to give the platforms a terminal');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'cosmolocal-tty-'));
  const [bgPort, fgPort] = [await freePort(), await freePort()];
  const platform = (dir: string, port: number, prefix = '') =>
    `DATA_DIR="${join(work, dir)}" PORT=${port} ${prefix}"${process.execPath}" "${CLI}" start > "${join(work, `${dir}.log`)}" 2>&1`;
  // An interactive shell on a terminal of its own, as a person types into it.
  const terminal = spawn('script', ['-qfec', 'bash --norc --noprofile -i', '/dev/null'], {
    env: embeddedEnv({}),
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  terminal.stdin!.write(`${platform('bg', bgPort, 'nohup ')} &\n`);
  terminal.stdin!.write(`${platform('fg', fgPort)}\n`);
  await Promise.all([bgPort, fgPort].map((port) => waitReady(`http://127.0.0.1:${port}`, () => terminal.exitCode === null)));
  // Each platform's DATA_DIR lock holds its pid.
  const [bg, fg] = (['bg', 'fg'] as const).map((dir) => Number(readFileSync(join(work, dir, 'cosmolocal.pid'), 'utf8')));
  const seen = new Map([...descendantsOf(bg), ...descendantsOf(fg)].map((p) => [p, processName(p) ?? '?']));
  expect([...seen.values()].filter((n) => n === 'redis-server')).toHaveLength(2);

  // The terminal goes away (a closed window, a dropped SSH session): SIGHUP.
  terminal.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  while (isRunning(fg) && Date.now() < deadline) await sleep(100);
  expect(isRunning(fg)).toBe(false);
  const fgLog = readFileSync(join(work, 'fg.log'), 'utf8');
  expect(fgLog).toMatch(/"msg":"shutting down","signal":"SIGHUP"/);
  expect(fgLog).toMatch(/"msg":"stopped"/);
  expect(errorLines(fgLog)).toEqual([]);

  await sleep(2000);
  expect(isRunning(bg)).toBe(true);
  expect((await fetch(`http://127.0.0.1:${bgPort}/health`)).status).toBe(200);
  process.kill(bg, 'SIGTERM');
  while (isRunning(bg) && Date.now() < deadline + 15_000) await sleep(100);
  expect(isRunning(bg)).toBe(false);
  expect(readFileSync(join(work, 'bg.log'), 'utf8')).toMatch(/"msg":"stopped"/);
  expect(await stillRunning(seen)).toEqual([]);
  rmSync(work, { recursive: true, force: true });
});

describe('a start that fails', () => {
  let busy: Server;
  afterEach(() => busy?.close());

  it('exits 1, after stopping the embedded services it had started, when its port is taken', async () => {
    busy = createServer();
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
    const platform = spawnPlatform(['start'], embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }));
    const exit = await platform.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(platform.output()).toMatch(/EADDRINUSE/);
    expect([...platform.seen().values()]).toEqual(expect.arrayContaining(['redis-server', 'anvil']));
    expect(await stillRunning(platform.seen())).toEqual([]);
  });

  it('exits 1 when another platform holds DATA_DIR', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cosmolocal-held-'));
    writeFileSync(join(other, 'cosmolocal.pid'), String(process.pid)); // a live process holds it
    const platform = spawnPlatform(['start'], embeddedEnv({ DATA_DIR: other, PORT: String(await freePort()) }));
    expect(await platform.exited).toEqual({ code: 1, signal: null });
    expect(platform.output()).toMatch(/is in use by process/);
  });

  it('exits 1 with the failed statement’s error when a migration fails', async () => {
    // A table in the way of the first migration that creates it.
    const db = await scratchDatabase({ label: 'failed_migration' });
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query('CREATE TABLE accounts (id int)').finally(() => client.end());
      const work = mkdtempSync(join(tmpdir(), 'cosmolocal-migrate-fails-'));
      const platform = spawnPlatform(
        ['start', '--only', 'api'],
        embeddedEnv({ DATA_DIR: work, PORT: String(await freePort()), DATABASE_URL: db.url }),
      );
      expect(await platform.exited).toEqual({ code: 1, signal: null });
      const failure = errorLines(platform.output())
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { context?: string })
        .find((l) => l.context === 'Startup');
      expect(failure).toMatchObject({
        msg: 'relation "accounts" already exists',
        err: { type: 'QueryFailedError', code: '42P07' },
      });
      expect(await stillRunning(platform.seen())).toEqual([]);
      rmSync(work, { recursive: true, force: true });
    } finally {
      await db.drop();
    }
  });

  it('exits 78 on a configuration error', async () => {
    const platform = spawnPlatform(['start'], embeddedEnv({ DATA_DIR: dataDir, PORT: 'eighty' }));
    expect(await platform.exited).toEqual({ code: 78, signal: null });
    expect(platform.output()).toMatch(/PORT/);
  });
});
