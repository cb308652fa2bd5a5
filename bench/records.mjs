// Contribution records through the platform's own code: records signed *and stored* per second
// (RecordWriter: previous-record lookup, signature with the agent's sealed key, two blocks into the
// blockstore, one indexed row, one transaction each), then the anchoring loop end to end for
// batches of 1,024 (tree, transaction, confirmation, one time event per record written and indexed).
// Uses DATABASE_URL / REDIS_URL when set (a fresh database on that server), embedded ones otherwise,
// and an embedded anvil. Usage: npm run bench:records [-- --records 2000 --batches 2]
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({ options: { records: { type: 'string', default: '2000' }, batches: { type: 'string', default: '2' } } });
const N = Number(values.records);
const BATCH = 1024;
const d = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const { NestFactory } = await import('@nestjs/core');
const { loadConfig } = await d('api/src/config/config.js');
const { startEmbedded } = await d('api/src/infra/embedded/embedded.js');
const { createDataSource, runMigrations } = await d('api/src/database/data-source.js');
const mods = await Promise.all(
  [
    ['config/config.module.js', 'ConfigModule'], ['database/database.module.js', 'DatabaseModule'], ['redis/redis.module.js', 'RedisModule'],
    ['jobs/jobs.module.js', 'JobsModule'], ['outbox/outbox.module.js', 'OutboxModule'], ['keys/keys.module.js', 'KeysModule'],
    ['identity/identity.module.js', 'IdentityModule'], ['ipfs/ipfs.module.js', 'IpfsModule'], ['designs/designs.module.js', 'DesignsModule'],
    ['facilities/facilities.module.js', 'FacilitiesModule'], ['matching/matching.module.js', 'MatchingModule'], ['production/production.module.js', 'ProductionModule'],
    ['contributions/contributions.module.js', 'ContributionsModule'], ['anchoring/anchoring.module.js', 'AnchoringModule'],
  ].map(async ([file, name]) => (await d(`api/src/${file}`))[name]),
);
const { AccountsService } = await d('api/src/identity/accounts.service.js');
const { RecordWriter } = await d('api/src/contributions/record-writer.js');
const { AnchorService } = await d('api/src/anchoring/anchor.service.js');
const { UnitOfWork } = await d('api/src/database/transaction.js');
const { DataSource } = await import('typeorm');

const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-records-'));
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
  NODE_ENV: 'test', DATA_DIR: work, DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? infra.redisUrl, QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  RPC_URL: infra.rpcUrl, CHAIN_ID: String(infra.chainId), CHAIN_SIGNER_KEY: infra.signerKey, LOG_LEVEL: 'error',
  TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123', KEY_ENCRYPTION_SECRET: 'bench-key-secret-0123456789abcdef012345',
  ANCHOR_BATCH_SIZE: String(BATCH), ANCHOR_MAX_DELAY_SECONDS: '0',
});
const [ConfigModule, ...rest] = mods;
const app = await NestFactory.createApplicationContext({ module: class BenchModule {}, imports: [ConfigModule.forRoot(config), ...rest] }, { logger: ['error'] });
await app.init();

const author = (await app.get(AccountsService).register({ email: `bench-${randomBytes(3).toString('hex')}@example.org`, password: 'violet lantern over quiet harbour', name: 'Bench' })).account;
const writer = app.get(RecordWriter);
const uow = app.get(UnitOfWork);
const draft = (i) => ({
  source: `bench:${i}`, action: 'produce', providerDid: author.did, providerAccountId: author.id, providerOrganizationId: null, receiverDid: null,
  subject: `urn:cosmolocal:job:00000000-0000-4000-8000-${(i % 500).toString(16).padStart(12, '0')}`, designId: null, designVersionCid: null, jobId: null,
  effortHours: '1.50', note: `part ${i}`, occurredAt: new Date(1_700_000_000_000 + i * 1000), evidenceCids: [], validation: 'NOT_REQUIRED', validationsRequired: 0,
});
const total = Math.max(N, BATCH * Number(values.batches));
let t = performance.now();
for (let i = 0; i < total; i++) await uow.run((tx) => writer.append(tx, draft(i)));
const storeSeconds = (performance.now() - t) / 1000;

const anchoring = app.get(AnchorService);
const db = app.get(DataSource);
const perBatch = [];
for (let b = 0; b < Number(values.batches); b++) {
  t = performance.now();
  const batch = await anchoring.cutBatch();
  // Send, then settle once confirmed (one confirmation on the automining anvil).
  while ((await anchoring.advance(await anchoring.repo.findBatch(batch.id))) !== 'anchored');
  perBatch.push((performance.now() - t) / 1000);
}
const [gas] = await db.query(`SELECT tx_hash FROM anchor_batches WHERE status = 'ANCHORED' LIMIT 1`);
const receipt = await anchoring.chain.client.getTransactionReceipt({ hash: gas.tx_hash });

const result = {
  date: new Date().toISOString(),
  database: process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite',
  recordsStored: total,
  recordsPerSecondSignedAndStored: Math.round(total / storeSeconds),
  anchorBatchSeconds: perBatch.map((s) => Number(s.toFixed(2))),
  recordsPerSecondAnchored: Math.round(BATCH / (perBatch.reduce((a, b) => a + b, 0) / perBatch.length)),
  gasPerBatch: Number(receipt.gasUsed),
  gasPerRecord: Number((Number(receipt.gasUsed) / BATCH).toFixed(1)),
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/records.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
await app.close();
await dropDatabase();
await infra.stop();
