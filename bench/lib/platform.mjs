// The domain modules over real services for benchmarks: DATABASE_URL / REDIS_URL when set (a fresh
// database on that server, dropped afterwards), embedded ones otherwise, and an embedded anvil.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { deleteRedisKeys } from './redis-keys.mjs';

export const dist = (p) => import(new URL(`../../dist/${p}`, import.meta.url).href);

const MODULES = [
  ['config/config.module.js', 'ConfigModule'],
  ['database/database.module.js', 'DatabaseModule'],
  ['redis/redis.module.js', 'RedisModule'],
  ['jobs/jobs.module.js', 'JobsModule'],
  ['outbox/outbox.module.js', 'OutboxModule'],
  ['keys/keys.module.js', 'KeysModule'],
  ['identity/identity.module.js', 'IdentityModule'],
  ['ipfs/ipfs.module.js', 'IpfsModule'],
  ['designs/designs.module.js', 'DesignsModule'],
  ['facilities/facilities.module.js', 'FacilitiesModule'],
  ['matching/matching.module.js', 'MatchingModule'],
  ['production/production.module.js', 'ProductionModule'],
  ['contributions/contributions.module.js', 'ContributionsModule'],
  ['anchoring/anchoring.module.js', 'AnchoringModule'],
  ['rewards/rewards.module.js', 'RewardsModule'],
];

export async function startBenchPlatform(env = {}) {
  const { NestFactory } = await import('@nestjs/core');
  const { loadConfig } = await dist('api/src/config/config.js');
  const { startEmbedded } = await dist('api/src/infra/embedded/embedded.js');
  const { createDataSource, runMigrations } = await dist('api/src/database/data-source.js');
  const [ConfigModule, ...modules] = await Promise.all(MODULES.map(async ([file, name]) => (await dist(`api/src/${file}`))[name]));

  const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-'));
  const services = ['chain', ...(process.env.DATABASE_URL ? [] : ['postgres']), ...(process.env.REDIS_URL ? [] : ['redis'])];
  const infra = await startEmbedded({ dataDir: work, services });
  let databaseUrl = infra.databaseUrl;
  let dropDatabase = async () => undefined;
  if (process.env.DATABASE_URL) {
    const name = `cosmolocal_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const ds = await createDataSource(databaseUrl, 2).initialize();
  await runMigrations(ds);
  await ds.destroy();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: work,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? infra.redisUrl,
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    RPC_URL: infra.rpcUrl,
    CHAIN_ID: String(infra.chainId),
    CHAIN_SIGNER_KEY: infra.signerKey,
    LOG_LEVEL: 'error',
    TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123',
    KEY_ENCRYPTION_SECRET: 'bench-key-secret-0123456789abcdef012345',
    // Benchmarks register their actors from one address; the sign-up limit is not what they measure.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const app = await NestFactory.createApplicationContext(
    { module: class BenchModule {}, imports: [ConfigModule.forRoot(config), ...modules] },
    { logger: ['error'] },
  );
  await app.init();
  return {
    app,
    config,
    database: process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite',
    close: async () => {
      await app.close();
      await deleteRedisKeys(config.redis.queuePrefix, config.redis.url);
      await dropDatabase();
      await infra.stop();
    },
  };
}
