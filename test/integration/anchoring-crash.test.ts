import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { loadAnchorRegistry } from '../../api/src/anchoring/anchor-registry.js';
import { ProofsService } from '../../api/src/anchoring/proofs.service.js';
import { RecordWriter } from '../../api/src/contributions/record-writer.js';
import { Database } from '../../api/src/database/database.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { fundedSignerKey } from '../support/chain.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { newAccount } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';
import { workerProcesses } from '../support/worker-processes.js';

const RECORDS = 120;
const KILLS = 3;

// Real worker processes, SIGKILLed at random moments while they anchor, then restarted.
describe('anchoring survives a worker killed mid-pass', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>>;
  let app: INestApplicationContext;
  let stopWorkers = () => undefined as void;
  afterAll(async () => {
    stopWorkers();
    await app?.close();
    await db?.drop();
  });

  it('loses no record and anchors none twice', async () => {
    db = await scratchDatabase({ migrate: true, label: 'crash' });
    const signerKey = await fundedSignerKey();
    const env = {
      DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-crash-')),
      QUEUE_PREFIX: `test-crash-${randomBytes(4).toString('hex')}`,
      CHAIN_SIGNER_KEY: signerKey,
      ANCHOR_BATCH_SIZE: '10',
      ANCHOR_MAX_DELAY_SECONDS: '0',
      ANCHOR_POLL_MS: '100',
    };
    const config = testConfig(env);
    app = await createDomainContext(config);
    const author = await newAccount(app);
    const writer = app.get(RecordWriter);
    const uow = app.get(UnitOfWork);
    for (let i = 0; i < RECORDS; i++) {
      await uow.run((tx) =>
        writer.append(tx, {
          source: `crash-test:${i}`,
          action: 'work',
          providerDid: author.did,
          providerAccountId: author.id,
          providerOrganizationId: null,
          receiverDid: null,
          subject: `urn:cosmolocal:test:${i % 7}`,
          designId: null,
          designVersionCid: null,
          jobId: null,
          effortHours: null,
          note: `task ${i}`,
          occurredAt: new Date(),
          evidenceCids: [],
          validation: 'NOT_REQUIRED',
          validationsRequired: 0,
        }),
      );
    }
    const ds = app.get(Database);
    const workers = workerProcesses(config, env);
    stopWorkers = () => workers.killAll();
    const anchored = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM contribution_records WHERE status = 'ANCHORED'`))[0].n as number;
    for (let k = 0; k < KILLS; k++) await workers.killMidway(anchored);
    await workers.runUntil(async () => (await anchored()) >= RECORDS, 90_000);

    // Every record anchored, in exactly one batch.
    expect(await anchored()).toBe(RECORDS);
    const batches = await ds.query('SELECT id, root_digest, num_records, contract_address, status FROM anchor_batches');
    expect(batches.every((b: { status: string }) => b.status === 'ANCHORED')).toBe(true);
    expect(batches.reduce((s: number, b: { num_records: number }) => s + b.num_records, 0)).toBe(RECORDS);
    const perBatch = await ds.query('SELECT batch_id, count(*)::int AS n FROM contribution_records GROUP BY batch_id');
    expect(perBatch.every((r: { batch_id: string | null }) => r.batch_id !== null)).toBe(true);

    // On chain: one Anchored event per root, and no transaction beyond one deploy and one anchor per batch.
    const client = createPublicClient({ cacheTime: 0, transport: http(process.env.TEST_RPC_URL) });
    const { abi } = loadAnchorRegistry();
    for (const b of batches) {
      const events = await client.getContractEvents({
        address: b.contract_address,
        abi,
        eventName: 'Anchored',
        args: { root: b.root_digest },
        fromBlock: 0n,
      });
      expect(events).toHaveLength(1);
    }
    const sent = await client.getTransactionCount({ address: privateKeyToAccount(signerKey).address });
    expect(sent).toBe(1 + batches.length);

    const sample = await ds.query('SELECT id FROM contribution_records ORDER BY random() LIMIT 3');
    for (const { id } of sample) expect((await app.get(ProofsService).verify(id)).valid).toBe(true);
  }, 180_000);
});
