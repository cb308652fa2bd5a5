// Contribution records through the platform's own code: records signed *and stored* per second
// (RecordWriter: previous-record lookup, signature with the agent's sealed key, two blocks into the
// blockstore, one indexed row, one transaction each), then the anchoring loop end to end for
// batches of 1,024 (tree, transaction, confirmation, one time event per record written and indexed).
// Uses DATABASE_URL / REDIS_URL when set (a fresh database on that server), embedded ones otherwise,
// and an embedded anvil. Usage: npm run bench:records [-- --records 2000 --batches 2]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dist as d, startBenchPlatform } from './lib/platform.mjs';

const { values } = parseArgs({ options: { records: { type: 'string', default: '2000' }, batches: { type: 'string', default: '2' } } });
const N = Number(values.records);
const BATCH = 1024;
const { AccountsService } = await d('api/src/identity/accounts.service.js');
const { RecordWriter } = await d('api/src/contributions/record-writer.js');
const { AnchorService } = await d('api/src/anchoring/anchor.service.js');
const { AnchorSubmissionService } = await d('api/src/anchoring/anchor-submission.service.js');
const { AnchorBatchesRepository } = await d('api/src/anchoring/anchor-batches.repository.js');
const { AnchorChain } = await d('api/src/anchoring/anchor-chain.js');
const { UnitOfWork } = await d('api/src/database/transaction.js');
const { Database } = await d('api/src/database/database.js');

const platform = await startBenchPlatform({ ANCHOR_BATCH_SIZE: String(BATCH), ANCHOR_MAX_DELAY_SECONDS: '0' });
const { app } = platform;

const author = (
  await app.get(AccountsService).register({
    email: `bench-${randomBytes(3).toString('hex')}@example.org`,
    password: 'violet lantern over quiet harbour',
    name: 'Bench',
  })
).account;
const writer = app.get(RecordWriter);
const uow = app.get(UnitOfWork);
const draft = (i) => ({
  source: `bench:${i}`,
  action: 'produce',
  providerDid: author.did,
  providerAccountId: author.id,
  providerOrganizationId: null,
  receiverDid: null,
  subject: `urn:cosmolocal:job:00000000-0000-4000-8000-${(i % 500).toString(16).padStart(12, '0')}`,
  designId: null,
  designVersionCid: null,
  jobId: null,
  effortHours: '1.50',
  note: `part ${i}`,
  occurredAt: new Date(1_700_000_000_000 + i * 1000),
  evidenceCids: [],
  validation: 'NOT_REQUIRED',
  validationsRequired: 0,
});
const total = Math.max(N, BATCH * Number(values.batches));
let t = performance.now();
for (let i = 0; i < total; i++) await uow.run((tx) => writer.append(tx, draft(i)));
const storeSeconds = (performance.now() - t) / 1000;

const anchoring = app.get(AnchorService);
const submission = app.get(AnchorSubmissionService);
const batches = app.get(AnchorBatchesRepository);
const db = app.get(Database);
const perBatch = [];
for (let b = 0; b < Number(values.batches); b++) {
  t = performance.now();
  const batch = await anchoring.cutBatch();
  // Send, then settle once confirmed (one confirmation on the automining anvil).
  while ((await submission.advance(await batches.findBatch(batch.id))) !== 'anchored');
  perBatch.push((performance.now() - t) / 1000);
}
const [gas] = await db.query(`SELECT tx_hash FROM anchor_batches WHERE status = 'ANCHORED' LIMIT 1`);
const receipt = await app.get(AnchorChain).client.getTransactionReceipt({ hash: gas.tx_hash });

const result = {
  date: new Date().toISOString(),
  database: platform.database,
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
await platform.close();
