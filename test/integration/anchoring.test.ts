import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { CarReader } from '@ipld/car';
import * as dagJose from 'dag-jose';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { loadAnchorRegistry } from '../../api/src/anchoring/anchor-registry.js';
import { AnchorService } from '../../api/src/anchoring/anchor.service.js';
import { ProofsService } from '../../api/src/anchoring/proofs.service.js';
import { encodeBlock, decodeTimeEvent, decodeProof, txHashCid } from '../../api/src/anchoring/time-event.js';
import { verifyContribution } from '../../api/src/anchoring/verify.js';
import { ContributionsService } from '../../api/src/contributions/contributions.service.js';
import { buildMerkleBatch } from '../../api/src/contributions/merkle.js';
import { Database } from '../../api/src/database/database.js';
import { ANVIL_DEV_KEY, startEmbedded } from '../../api/src/infra/embedded/embedded.js';
import { createDomainContext } from '../support/context.js';
import { testConfig } from '../support/config.js';
import { fundedSignerKey, restartableChain, rpc } from '../support/chain.js';
import { logCollector } from '../support/logs.js';
import { newAccount, newOrganization } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';

// The anchoring loop takes every waiting record of an instance, so each scenario runs on a
// database of its own (and a signer of its own on the shared chain).
async function instance(overrides: Record<string, string> = {}, logger?: LoggerService) {
  const db = await scratchDatabase({ migrate: true, label: 'anchoring' });
  const config = testConfig({
    DATABASE_URL: db.url,
    CHAIN_SIGNER_KEY: overrides.CHAIN_SIGNER_KEY ?? (await fundedSignerKey()),
    ANCHOR_MAX_DELAY_SECONDS: '0',
    ANCHOR_BATCH_SIZE: '8',
    ANCHOR_RETRY_BASE_SECONDS: '1',
    ...overrides,
  });
  const app = await createDomainContext(config, { logger });
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer);
  const record = (note = 'Documented the build') =>
    app.get(ContributionsService).record(admin.viewer, { organizationId: org.id, action: 'work', note });
  return {
    app,
    config,
    record,
    anchoring: app.get(AnchorService),
    proofs: app.get(ProofsService),
    contributions: app.get(ContributionsService),
    db: app.get(Database),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

type Instance = Awaited<ReturnType<typeof instance>>;
const LATER = () => new Date(Date.now() + 3600_000); // past any retry backoff

async function carBlocks(proofs: ProofsService, id: string) {
  const reader = await CarReader.fromBytes((await proofs.exportCar(id)).bytes);
  const blocks = new Map<string, Uint8Array>();
  for await (const b of reader.blocks()) blocks.set(b.cid.toString(), b.bytes);
  const [record, timeEvent] = await reader.getRoots();
  return { blocks, record: record!, timeEvent: timeEvent! };
}

const publicClient = () => createPublicClient({ cacheTime: 0, transport: http(process.env.TEST_RPC_URL) });

describe('anchoring contribution records on chain', () => {
  let x: Instance;
  beforeAll(async () => {
    x = await instance();
  });
  afterAll(() => x.close());

  it('batches waiting records, anchors each root once and gives every record a proof that verifies against the chain alone', async () => {
    const ids = [];
    for (let i = 0; i < 11; i++) ids.push((await x.record(`Reviewed drawing ${i}`)).id);
    const report = await x.anchoring.tick();
    expect(report).toMatchObject({ batched: 11, failed: 0 });
    // With one confirmation on an automining chain, a second pass settles whatever the first sent.
    await x.anchoring.tick();
    const records = await Promise.all(ids.map((id) => x.contributions.get(id)));
    expect(records.map((r) => r.status)).toEqual(ids.map(() => 'ANCHORED'));
    const batches = await x.db.query('SELECT * FROM anchor_batches ORDER BY created_at');
    expect(batches.map((b: { num_records: number }) => b.num_records)).toEqual([8, 3]);
    expect(await x.db.query('SELECT count(*)::int AS n FROM anchor_registries')).toEqual([{ n: 1 }]);

    const client = publicClient();
    const { abi } = loadAnchorRegistry();
    for (const b of batches) {
      const at = await client.readContract({ address: b.contract_address, abi, functionName: 'anchoredAt', args: [b.root_digest] });
      expect(at).toBe(BigInt(b.block_number));
      const receipt = await client.getTransactionReceipt({ hash: b.tx_hash });
      expect(receipt.status).toBe('success');
    }

    const result = await x.proofs.verify(ids[9]!);
    expect(result).toMatchObject({
      valid: true,
      reason: null,
      signers: [records[9]!.providerDid],
      root: batches[1].root_cid,
      txHash: batches[1].tx_hash,
      blockNumber: BigInt(batches[1].block_number),
    });

    // The same from the exported CAR and an RPC, with no database and no API.
    const car = await carBlocks(x.proofs, ids[3]!);
    expect(car.record.toString()).toBe(ids[3]);
    const offline = await verifyContribution({
      recordId: car.record,
      timeEvent: car.timeEvent,
      blocks: async (cid) => car.blocks.get(cid.toString()),
      chain: client,
    });
    expect(offline).toMatchObject({ valid: true, path: records[3]!.merklePath, contract: batches[0].contract_address.toLowerCase() });
    expect(offline.blockTimestamp!.getTime()).toBe(new Date(batches[0].block_timestamp).getTime());
  });

  it('names what was tampered with: signature, payload, path, root, transaction', async () => {
    const { id } = await x.record('Calibrated the laser');
    await x.anchoring.tick();
    await x.anchoring.tick();
    const car = await carBlocks(x.proofs, id);
    const client = publicClient();
    const check = (over: { recordId?: CID; timeEvent?: CID; blocks?: Map<string, Uint8Array> }) =>
      verifyContribution({
        recordId: over.recordId ?? car.record,
        timeEvent: over.timeEvent ?? car.timeEvent,
        blocks: async (cid) => (over.blocks ?? car.blocks).get(cid.toString()),
        chain: client,
      });
    const put = async (blocks: Map<string, Uint8Array>, value: unknown) => {
      const b = await encodeBlock(value);
      blocks.set(b.cid.toString(), b.bytes);
      return b.cid;
    };
    expect((await check({})).valid).toBe(true);

    // A payload swapped under the genuine CID.
    const envelope = car.blocks.get(car.record.toString())!;
    const payloadCid = CID.decode(new Uint8Array(Buffer.from((dagJose.decode(envelope) as { payload: string }).payload, 'base64url')));
    const swapped = new Map(car.blocks).set(payloadCid.toString(), (await encodeBlock({ forged: true })).bytes);
    expect((await check({ blocks: swapped })).reason).toBe('PAYLOAD_MISMATCH');

    // A forged signature: a new envelope whose signature bytes are flipped.
    const jws = dagJose.decode(envelope) as { payload: string; signatures: Array<{ protected: string; signature: string }> };
    const sig = Buffer.from(jws.signatures[0]!.signature, 'base64url');
    sig[0] ^= 1;
    const forgedEnvelope = dagJose.encode({
      payload: jws.payload,
      signatures: [{ protected: jws.signatures[0]!.protected, signature: sig.toString('base64url') }],
    }) as Uint8Array;
    const forgedId = CID.createV1(0x85, await sha256.digest(forgedEnvelope));
    expect((await check({ recordId: forgedId, blocks: new Map(car.blocks).set(forgedId.toString(), forgedEnvelope) })).reason).toBe(
      'BAD_SIGNATURE',
    );
    // The genuine envelope's bytes edited in place.
    expect((await check({ blocks: new Map(car.blocks).set(car.record.toString(), forgedEnvelope) })).reason).toBe('ID_MISMATCH');

    // A different path in a re-made time event.
    const event = decodeTimeEvent(car.blocks.get(car.timeEvent.toString())!)!;
    const rePathed = new Map(car.blocks);
    const badPath = await put(rePathed, { ...event, path: event.path === '0' ? '1' : '0' });
    expect(['LEAF_MISMATCH', 'BAD_PATH', 'MISSING_BLOCK']).toContain((await check({ timeEvent: badPath, blocks: rePathed })).reason);

    // Another root: a tree of our own that holds the record, claimed to be the one in the transaction.
    const proof = decodeProof(car.blocks.get(event.proof.toString())!)!;
    const fake = await buildMerkleBatch([car.record, CID.parse(id)]);
    const reRooted = new Map(car.blocks);
    for (const [cid, bytes] of fake.blocks) reRooted.set(cid, bytes);
    const fakeProof = await put(reRooted, { ...proof, root: fake.root });
    const reRootedEvent = await put(reRooted, { ...event, proof: fakeProof, path: fake.paths[0] });
    expect((await check({ timeEvent: reRootedEvent, blocks: reRooted })).reason).toBe('ROOT_NOT_ON_CHAIN');

    // A transaction that does not exist.
    const noTx = new Map(car.blocks);
    const ghostProof = await put(noTx, { ...proof, txHash: txHashCid(`0x${'ab'.repeat(32)}`) });
    const ghostEvent = await put(noTx, { ...event, proof: ghostProof });
    expect((await check({ timeEvent: ghostEvent, blocks: noTx })).reason).toBe('TX_NOT_FOUND');

    // Another chain.
    const elsewhere = new Map(car.blocks);
    const otherChain = await put(elsewhere, { ...proof, chainId: 'eip155:100' });
    expect((await check({ timeEvent: await put(elsewhere, { ...event, proof: otherChain }), blocks: elsewhere })).reason).toBe(
      'WRONG_CHAIN',
    );

    // Not anchored yet.
    const fresh = await x.record('Swept the floor');
    expect(await x.proofs.verify(fresh.id)).toMatchObject({ valid: false, reason: 'NOT_ANCHORED', signers: [fresh.providerDid] });
    await x.anchoring.tick();
  });
});

// An RPC endpoint in front of the test chain that can be switched off and on.
async function switchableRpc() {
  let up = true;
  const relay = async (req: IncomingMessage, res: ServerResponse) => {
    if (!up) return req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(process.env.TEST_RPC_URL!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
  };
  // A relay that fails drops the connection, as an unreachable endpoint would.
  const server: Server = createServer((req, res) => void relay(req, res).catch(() => req.socket.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, set: (v: boolean) => (up = v), close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('anchoring when the chain misbehaves', () => {
  it('surfaces FAILED with its reason while the RPC is down, retries with backoff, and ends ANCHORED once it is back', async () => {
    const proxy = await switchableRpc();
    const x = await instance({ RPC_URL: proxy.url, CHAIN_ID: process.env.TEST_CHAIN_ID! });
    try {
      const { id } = await x.record('Fixed the extruder');
      proxy.set(false);
      expect((await x.anchoring.tick()).failed).toBe(1);
      const failed = await x.contributions.get(id);
      expect(failed.status).toBe('FAILED');
      const [batch] = await x.db.query('SELECT attempts, last_error, next_attempt_at FROM anchor_batches');
      expect(batch.attempts).toBe(1);
      expect(batch.last_error).toMatch(/./);
      expect(new Date(batch.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
      // Not yet due: the backoff holds it.
      expect((await x.anchoring.tick()).failed).toBe(0);
      expect((await x.anchoring.tick(LATER())).failed).toBe(1);
      expect((await x.db.query('SELECT attempts FROM anchor_batches'))[0].attempts).toBe(2);

      proxy.set(true);
      await x.anchoring.tick(LATER());
      await x.anchoring.tick(LATER());
      expect((await x.contributions.get(id)).status).toBe('ANCHORED');
      expect((await x.proofs.verify(id)).valid).toBe(true);
      expect(await x.db.query('SELECT count(*)::int AS n FROM anchor_batches')).toEqual([{ n: 1 }]);
    } finally {
      await x.close();
      await proxy.close();
    }
  });

  it('keeps a contract revert as the failure reason (a registry this signer may not anchor to)', async () => {
    // A registry whose anchorer is someone else.
    const wallet = createWalletClient({ account: privateKeyToAccount(await fundedSignerKey()), transport: http(process.env.TEST_RPC_URL) });
    const { abi, bytecode } = loadAnchorRegistry();
    const hash = await wallet.deployContract({ abi, bytecode, args: [privateKeyToAccount(ANVIL_DEV_KEY).address], chain: null });
    const { contractAddress } = await publicClient().waitForTransactionReceipt({ hash });
    const x = await instance({ ANCHOR_REGISTRY_ADDRESS: contractAddress! });
    try {
      const { id } = await x.record('Ordered filament');
      await x.anchoring.tick();
      expect((await x.contributions.get(id)).status).toBe('FAILED');
      const [batch] = await x.db.query('SELECT status, last_error, tx_hash FROM anchor_batches');
      expect(batch).toMatchObject({ status: 'FAILED', tx_hash: null });
      expect(batch.last_error).toMatch(/NotAnchorer/);
    } finally {
      await x.close();
    }
  });

  it('re-anchors a batch whose block was reorganised away (REPLACED, then ANCHORED again)', async () => {
    const chain = await startEmbedded({
      dataDir: (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/cosmolocal-reorg-`),
      services: ['chain'],
    });
    const x = await instance({ RPC_URL: chain.rpcUrl!, CHAIN_ID: String(chain.chainId), CHAIN_SIGNER_KEY: chain.signerKey! });
    try {
      const first = await x.record('Before the fork');
      await x.anchoring.tick();
      await x.anchoring.tick();
      expect((await x.contributions.get(first.id)).status).toBe('ANCHORED');
      const snapshot = await rpc(chain.rpcUrl!, 'evm_snapshot', []);
      const second = await x.record('Lost in the fork');
      await x.anchoring.tick();
      await x.anchoring.tick();
      const before = (await x.contributions.get(second.id))!;
      expect(before.status).toBe('ANCHORED');
      const [{ block_hash: oldHash }] = await x.db.query('SELECT block_hash FROM anchor_batches WHERE id = $1', [before.batchId]);

      // The chain drops the block with the anchor and grows past it.
      await rpc(chain.rpcUrl!, 'evm_revert', [snapshot]);
      for (let i = 0; i < 3; i++) await rpc(chain.rpcUrl!, 'evm_mine', []);
      expect(await x.anchoring.checkReorgs()).toBe(1);
      expect((await x.contributions.get(second.id)).status).toBe('REPLACED');
      expect((await x.contributions.get(first.id)).status).toBe('ANCHORED');

      await x.anchoring.tick();
      await x.anchoring.tick();
      const after = await x.contributions.get(second.id);
      expect(after.status).toBe('ANCHORED');
      const [{ block_hash: newHash }] = await x.db.query('SELECT block_hash FROM anchor_batches WHERE id = $1', [after.batchId]);
      expect(newHash).not.toBe(oldHash);
      // The same signed transaction was sent again, so the proof (which names the transaction) is unchanged.
      expect(after.proofCid).toBe(before.proofCid);
      expect((await x.proofs.verify(second.id)).valid).toBe(true);
      expect((await x.proofs.verify(first.id)).valid).toBe(true);
    } finally {
      await x.close();
      await chain.stop();
    }
  });
});

describe('anchoring when the chain loses its state', () => {
  it('on a development chain: deploys a new registry and anchors every batch again, the anchored and the one in flight', async () => {
    const chain = await restartableChain(31337);
    const x = await instance({ RPC_URL: chain.url, CHAIN_ID: '31337', CHAIN_SIGNER_KEY: chain.signerKey, ANCHOR_CONFIRMATIONS: '2' });
    try {
      const first = await x.record('Anchored before the reset');
      await x.anchoring.tick();
      await rpc(chain.url, 'evm_mine', []);
      await x.anchoring.tick();
      expect((await x.contributions.get(first.id)).status).toBe('ANCHORED');
      // Sent, waiting for its second confirmation when the chain goes.
      const second = await x.record('In flight during the reset');
      await x.anchoring.tick();
      expect((await x.contributions.get(second.id)).status).toBe('PROCESSING');
      const [{ genesis_hash: oldGenesis }] = await x.db.query('SELECT genesis_hash FROM anchor_registries');

      await chain.restartWithoutState();
      const newGenesis = (await publicClientAt(chain.url).getBlock({ blockNumber: 0n })).hash;
      expect(newGenesis).not.toBe(oldGenesis);
      const report = await x.anchoring.tick();
      await rpc(chain.url, 'evm_mine', []);
      await x.anchoring.tick();

      for (const r of [first, second]) {
        const after = await x.contributions.get(r.id);
        expect(after.status).toBe('ANCHORED');
        expect((await x.proofs.verify(r.id)).valid).toBe(true);
      }
      expect(report.replaced).toBe(2); // both batches, taken back from the lost registry
      // Against the registry deployed on the new chain, whose root records say so.
      const [registry] = await x.db.query('SELECT address, genesis_hash, deploy_tx FROM anchor_registries');
      expect(registry.genesis_hash).toBe(newGenesis);
      expect((await publicClientAt(chain.url).getTransactionReceipt({ hash: registry.deploy_tx })).contractAddress?.toLowerCase()).toBe(
        registry.address.toLowerCase(),
      );
      const { abi } = loadAnchorRegistry();
      for (const b of await x.db.query('SELECT contract_address, root_digest, block_number FROM anchor_batches')) {
        expect(b.contract_address.toLowerCase()).toBe(registry.address.toLowerCase());
        expect(
          await publicClientAt(chain.url).readContract({
            address: b.contract_address,
            abi,
            functionName: 'anchoredAt',
            args: [b.root_digest],
          }),
        ).toBe(BigInt(b.block_number));
      }
    } finally {
      await x.close();
      await chain.stop();
    }
  });

  it('elsewhere (a configured registry): fails every open batch with the reason, logs it as an error, and anchors again once the registry is back', async () => {
    const chain = await restartableChain(1337);
    const deployRegistry = async () => {
      const wallet = createWalletClient({ account: privateKeyToAccount(chain.signerKey), transport: http(chain.url) });
      const { abi, bytecode } = loadAnchorRegistry();
      const hash = await wallet.deployContract({ abi, bytecode, args: [privateKeyToAccount(chain.signerKey).address], chain: null });
      return (await publicClientAt(chain.url).waitForTransactionReceipt({ hash })).contractAddress!;
    };
    const registry = await deployRegistry();
    const logs = logCollector();
    const x = await instance(
      {
        RPC_URL: chain.url,
        CHAIN_ID: '1337',
        CHAIN_SIGNER_KEY: chain.signerKey,
        ANCHOR_REGISTRY_ADDRESS: registry,
        ANCHOR_CONFIRMATIONS: '2',
      },
      logs.logger,
    );
    try {
      const record = await x.record('In flight during the reset');
      await x.anchoring.tick();
      expect((await x.contributions.get(record.id)).status).toBe('PROCESSING');

      await chain.restartWithoutState();
      expect((await x.anchoring.tick()).failed).toBe(1);
      const failed = await x.contributions.get(record.id);
      expect(failed.status).toBe('FAILED');
      const [batch] = await x.db.query('SELECT status, last_error, tx_hash, raw_tx FROM anchor_batches');
      expect(batch).toMatchObject({ status: 'FAILED', tx_hash: null, raw_tx: null });
      expect(batch.last_error).toBe(`the AnchorRegistry ${registry} is gone from chain 1337: no contract is left at that address`);
      const errors = logs.lines.filter((l) => l.level === 'error' && l.message.registry === registry);
      expect(errors).toEqual([
        expect.objectContaining({ message: expect.objectContaining({ chainId: 1337, batches: 1, reason: batch.last_error }) }),
      ]);
      // Further passes keep it FAILED without repeating themselves.
      await x.anchoring.tick(LATER());
      expect((await x.contributions.get(record.id)).status).toBe('FAILED');
      expect(logs.lines.filter((l) => l.level === 'error' && l.message.registry === registry)).toHaveLength(1);

      // The operator deploys the registry again (the same deployer and nonce: the same address).
      expect(await deployRegistry()).toBe(registry);
      await x.anchoring.tick(LATER());
      await x.anchoring.tick(LATER());
      await rpc(chain.url, 'evm_mine', []);
      await x.anchoring.tick(LATER());
      expect((await x.contributions.get(record.id)).status).toBe('ANCHORED');
      expect((await x.proofs.verify(record.id)).valid).toBe(true);
    } finally {
      await x.close();
      await chain.stop();
    }
  });
});

const publicClientAt = (url: string) => createPublicClient({ cacheTime: 0, transport: http(url) });
