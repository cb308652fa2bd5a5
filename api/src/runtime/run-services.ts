import { mkdirSync, readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { AppLogger, flushLogs } from '../common/logging/logger.js';
import { ConfigError, loadConfigFromEnvironment, missingServices, requireUrl, withServices, type AppConfig } from '../config/config.js';
import { startMigrator } from '../database/migrate-in-worker.js';
import { acquireDataDirLock } from './data-dir-lock.js';

// Starts one part of the platform (the API, the worker) and returns it running.
export type StartPart = (config: AppConfig, logger: AppLogger) => Promise<INestApplicationContext>;

// What this process runs. Each part is loaded by its entrypoint (api/src/main.ts,
// worker/src/main.ts, `cosmolocal start`): the application (Nest, Apollo, BullMQ…) takes
// seconds to import, so it is imported while the embedded services boot, not before.
export interface RunOptions {
  api?: () => Promise<StartPart>;
  worker?: () => Promise<StartPart>;
}

const EX_CONFIG = 78;
// A stop that hangs (a connection that never closes) must not keep the process forever.
const STOP_DEADLINE_MS = 15_000;

// Starts the platform: embedded services for whatever has no URL (never in
// production), migrations, then the API and/or the worker. SIGINT or SIGTERM stops
// the API, then the worker, then the embedded services, and exits 0. A start that
// fails stops what it had started and exits 1 (78 for a configuration error).
//
// Embedded services run in a process group of their own, so a terminal's Ctrl-C
// reaches only this process, which closes its Redis and database clients before the
// services they talk to; each is watched by a sentinel that stops it should this
// process die without cleaning up. Nothing watches the parent: a platform started
// with `nohup … &` keeps running after its shell exits.
export async function runServices(options: RunOptions): Promise<void> {
  const service = options.api && options.worker ? 'cosmolocal' : options.api ? 'api' : 'worker';
  const loadApplication = () =>
    Promise.all([options.api?.(), options.worker?.()]).then(([startApi, startWorker]) => ({ startApi, startWorker }));
  let config: AppConfig;
  try {
    config = loadConfigFromEnvironment();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EX_CONFIG);
    }
    throw err;
  }
  const logger = new AppLogger(config.log.level, { service });
  const started = performance.now();
  // Stopped in reverse order: the API, the worker, the embedded services, the DATA_DIR lock.
  const stops: Array<{ done: string; stop: () => Promise<unknown> }> = [];
  let starting: Promise<void> = Promise.resolve();
  let stopping = false;

  const stopAll = async (): Promise<boolean> => {
    let clean = true;
    for (const { done, stop } of [...stops].reverse()) {
      try {
        await stop();
        logger.log({ msg: done });
      } catch (err) {
        clean = false;
        logger.error({ msg: `error during shutdown (before: ${done})`, err: String(err) });
      }
    }
    stops.length = 0;
    return clean;
  };
  const exitAfterStopping = async (code: number, reason: string) => {
    logger.log({ msg: 'shutting down', signal: reason });
    setTimeout(() => {
      logger.error({ msg: `still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting` });
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    // A start under way finishes its current step (it stops early once it sees `stopping`).
    await starting.catch(() => undefined);
    const clean = await stopAll();
    logger.log({ msg: 'stopped' });
    await flushLogs();
    process.exit(code !== 0 ? code : clean ? 0 : 1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return; // a second Ctrl-C while stopping
    stopping = true;
    void exitAfterStopping(0, signal);
  };
  // `on`, not `once`: libraries using signal-exit re-raise the signal when they
  // see no other listener left, which would kill us mid-shutdown.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A terminal that closes sends SIGHUP to its foreground job and, through the shell, to its
  // background jobs. Node undoes the SIG_IGN that `nohup` sets, so the decision is made here:
  // a background job (`nohup … &`) keeps running, anything else stops cleanly.
  const background = startedAsBackgroundJob();
  process.on('SIGHUP', () => {
    if (background) logger.log({ msg: 'SIGHUP ignored: started as a background job' });
    else onSignal('SIGHUP');
  });

  const abortIfStopping = () => {
    if (stopping) throw new StartInterrupted();
  };
  starting = (async () => {
    // Migrations run in a worker thread, so that their ORM never enters this process's heap; it
    // starts now and loads TypeORM while this thread boots the embedded services and the application.
    const migrator = options.api && config.database.migrateOnStart ? startMigrator() : undefined;
    mkdirSync(config.dataDir, { recursive: true });
    // With Kubo the blocks live in Kubo: DATA_DIR/blocks is never used.
    if (!config.ipfs.kuboRpcUrl) mkdirSync(config.ipfs.blockstoreDir, { recursive: true });
    const missing = missingServices(config);
    let application: ReturnType<typeof loadApplication> | undefined;
    if (missing.length > 0) {
      // One platform per DATA_DIR: an embedded database must never be opened twice.
      stops.push({ done: 'DATA_DIR released', stop: acquireDataDirLock(config.dataDir) });
      const { startEmbedded } = await import('../infra/embedded/embedded.js');
      const embeddedStarting = startEmbedded({
        dataDir: config.dataDir,
        services: missing,
        ports: { pg: config.embedded.pgPort, redis: config.embedded.redisPort, anvil: config.embedded.anvilPort },
        log: (msg) => logger.log({ msg }, 'Embedded'),
      });
      application = loadApplication();
      application.catch(() => undefined); // awaited below; this only avoids an unhandled rejection if start-up fails first
      const embedded = await embeddedStarting;
      stops.push({ done: 'embedded services stopped', stop: () => embedded.stop() });
      config = withServices(config, embedded);
      abortIfStopping();
    }
    const { startApi, startWorker } = await (application ?? loadApplication());
    if (migrator) {
      const ran = await migrator.migrate(requireUrl(config.database.url, 'DATABASE_URL'));
      if (ran.length) logger.log({ msg: 'migrations applied', migrations: ran }, 'Database');
    }
    abortIfStopping();
    if (startApi) {
      const api = await startApi(config, logger);
      stops.push({ done: 'API closed', stop: () => api.close() });
      abortIfStopping();
    }
    if (startWorker) {
      const worker = await startWorker(config, logger);
      // Closed after the API (jobs the API enqueues while it closes still find a worker).
      const api = stops.findIndex((s) => s.done === 'API closed');
      stops.splice(api < 0 ? stops.length : api, 0, { done: 'worker closed', stop: () => worker.close() });
      logger.log({ msg: 'worker started' });
    }
    logger.log({
      msg: 'ready',
      url: startApi ? `http://localhost:${config.http.port}` : undefined,
      graphql: startApi ? `http://localhost:${config.http.port}/graphql` : undefined,
      embedded: missing,
      startupMs: Math.round(performance.now() - started),
    });
  })();

  try {
    await starting;
  } catch (err) {
    if (err instanceof StartInterrupted) return; // the signal handler stops what was started
    logger.error(err instanceof Error ? err : { msg: String(err) }, 'Startup');
    if (stopping) return;
    stopping = true;
    await exitAfterStopping(err instanceof ConfigError ? EX_CONFIG : 1, 'startup-failure');
  }
}

// Started in a terminal, outside its foreground process group (Linux: /proc/self/stat's
// pgrp, tty_nr and tpgid). Without a terminal, or without /proc, the answer is no.
function startedAsBackgroundJob(): boolean {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ').map(Number);
    const [pgrp, ttyNr, tpgid] = [fields[2], fields[4], fields[5]];
    return ttyNr !== 0 && tpgid !== pgrp;
  } catch {
    return false;
  }
}

class StartInterrupted extends Error {
  constructor() {
    super('stopped while starting');
  }
}
