import { mkdirSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { JsonLogger } from '../api/src/common/logging/json-logger.js';
import {
  ConfigError,
  loadConfigFromEnvironment,
  missingServices,
  requireUrl,
  withServices,
  type AppConfig,
} from '../api/src/config/config.js';
import { acquireDataDirLock } from './data-dir-lock.js';

// The application (Nest, Apollo, TypeORM, BullMQ…) takes seconds to load; it is
// imported while the embedded services boot, not before.
const loadApplication = () =>
  Promise.all([
    import('../api/src/bootstrap.js'),
    import('../worker/src/bootstrap.js'),
    import('../api/src/database/data-source.js'),
  ]).then(([api, worker, database]) => ({ ...api, ...worker, ...database }));

export interface RunOptions {
  only?: 'api' | 'worker';
}

// Starts the platform: embedded services for whatever has no URL (never in
// production), migrations, then the API and/or the worker. Ctrl-C stops it all.
export async function runServices(options: RunOptions = {}): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromEnvironment();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = new JsonLogger(config.log.level, { service: options.only ?? 'cosmolocal' });
  const started = performance.now();
  const stops: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'shutting down', signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => logger.error({ msg: 'error during shutdown', err: String(err) }));
    }
    logger.log({ msg: 'stopped' });
    process.exit(0);
  };
  // `on`, not `once`: libraries using signal-exit re-raise the signal when they
  // see no other listener left, which would kill us mid-shutdown.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // When the launcher dies (e.g. `npm start` killed without its children), we are
  // re-parented: stop rather than keep DATA_DIR and the port locked.
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) void shutdown('launcher-exit');
  }, 1000).unref();

  try {
    mkdirSync(config.dataDir, { recursive: true });
    mkdirSync(config.ipfs.blockstoreDir, { recursive: true });
    const missing = missingServices(config);
    let application: ReturnType<typeof loadApplication> | undefined;
    if (missing.length > 0) {
      // One platform per DATA_DIR: an embedded database must never be opened twice.
      stops.push(acquireDataDirLock(config.dataDir));
      const { startEmbedded } = await import('../api/src/infra/embedded/embedded.js');
      const starting = startEmbedded({
        dataDir: config.dataDir,
        services: missing,
        ports: { pg: config.embedded.pgPort, redis: config.embedded.redisPort, anvil: config.embedded.anvilPort },
        log: (msg) => logger.log({ msg }, 'Embedded'),
      });
      application = loadApplication();
      application.catch(() => undefined); // awaited below; this only avoids an unhandled rejection if start-up fails first
      const embedded = await starting;
      stops.push(() => embedded.stop());
      config = withServices(config, embedded);
    }
    const { createDataSource, runMigrations, startApi, startWorker } = await (application ?? loadApplication());
    if (options.only !== 'worker' && config.database.migrateOnStart) {
      const ds = await createDataSource(requireUrl(config.database.url, 'DATABASE_URL'), 2, 'cosmolocal-migrate').initialize();
      try {
        const ran = await runMigrations(ds);
        if (ran.length) logger.log({ msg: 'migrations applied', migrations: ran }, 'Database');
      } finally {
        await ds.destroy();
      }
    }
    const apps: INestApplicationContext[] = [];
    if (options.only !== 'worker') apps.push(await startApi(config, logger));
    if (options.only !== 'api') apps.push(await startWorker(config, logger));
    stops.push(async () => {
      for (const app of apps.reverse()) await app.close();
    });
    logger.log({
      msg: 'ready',
      url: options.only === 'worker' ? undefined : `http://localhost:${config.http.port}`,
      graphql: options.only === 'worker' ? undefined : `http://localhost:${config.http.port}/graphql`,
      embedded: missing,
      startupMs: Math.round(performance.now() - started),
    });
  } catch (err) {
    logger.error(err instanceof Error ? err : { msg: String(err) }, 'Startup');
    await shutdown('startup-failure');
    process.exit(1);
  }
}
