// Contribution records and their anchoring, measured on the embedded anvil:
// - records signed and encoded per second (payload dag-cbor + DAG-JOSE envelope, one signer);
// - for batches of 1,024 and 65,536 records: Merkle tree build time, the anchor transaction's
//   gas (from its receipt), gas per record, proof size (the path's blocks) and the time to
//   verify one record (signature + payload + Merkle path).
// Usage: npm run bench:anchoring [-- --sizes 1024,65536 --sign 5000]
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CID } from 'multiformats/cid';
import { createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1024,65536' }, sign: { type: 'string', default: '5000' } } });
const d = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const { signRecord, verifyRecord, RECORD_TYPE } = await d('api/src/contributions/record-codec.js');
const { buildMerkleBatch, proofBlocks, verifyMerklePath, rootDigest } = await d('api/src/contributions/merkle.js');
const { didKeyFromPublicKey, generateEd25519 } = await d('api/src/keys/did-key.js');
const { startEmbedded, ANVIL_DEV_KEY } = await d('api/src/infra/embedded/embedded.js');
const { loadAnchorRegistry } = await d('api/src/anchoring/anchor-registry.js');

const key = generateEd25519();
const signer = { did: didKeyFromPublicKey(key.publicKey), seed: key.seed };
const design = CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy');
const event = (i) => ({
  type: RECORD_TYPE,
  action: 'produce',
  provider: signer.did,
  subject: `urn:cosmolocal:job:00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
  resourceConformsTo: design,
  effortQuantity: { hasNumericalValue: '1.5', hasUnit: 'hour' },
  occurredAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
  evidence: [],
});

const result = { date: new Date().toISOString() };
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-anchor-'));
const infra = await startEmbedded({ dataDir: work, services: ['chain'] });
try {
  // Signing throughput.
  const N = Number(values.sign);
  let t = performance.now();
  for (let i = 0; i < N; i++) await signRecord(event(i), [signer]);
  result.signedPerSecond = Math.round(N / ((performance.now() - t) / 1000));

  const chain = {
    id: infra.chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [infra.rpcUrl] } },
  };
  const account = privateKeyToAccount(ANVIL_DEV_KEY);
  const publicClient = createPublicClient({ chain, transport: http(infra.rpcUrl) });
  const wallet = createWalletClient({ account, chain, transport: http(infra.rpcUrl) });
  const { abi, bytecode } = loadAnchorRegistry();
  const deployed = await publicClient.waitForTransactionReceipt({
    hash: await wallet.deployContract({ abi, bytecode, args: [account.address] }),
  });
  result.deployGas = Number(deployed.gasUsed);

  result.batches = {};
  for (const size of values.sizes.split(',').map(Number)) {
    // Real records for the leaves (their envelope CIDs), kept to verify a sample.
    const records = [];
    for (let i = 0; i < size; i++) records.push(await signRecord(event(i), [signer]));
    t = performance.now();
    const batch = await buildMerkleBatch(records.map((r) => r.id));
    const buildMs = performance.now() - t;
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: deployed.contractAddress,
        abi,
        functionName: 'anchor',
        args: [rootDigest(batch.root), BigInt(size)],
      }),
    });
    // Proof size and verification time over a sample of records.
    const sample = Array.from({ length: 200 }, (_, k) => Math.floor((k * size) / 200));
    let proofBytes = 0;
    let verifyMs = 0;
    for (const i of sample) {
      const blocks = proofBlocks(batch, batch.paths[i]);
      proofBytes += blocks.reduce((n, b) => n + b.bytes.length, 0) + batch.paths[i].length;
      const byCid = new Map(blocks.map((b) => [b.cid.toString(), b.bytes]));
      const v0 = performance.now();
      await verifyRecord(records[i].id, records[i].envelope, records[i].payloadBlock);
      await verifyMerklePath(batch.root, batch.paths[i], records[i].id, (cid) => byCid.get(cid.toString()));
      verifyMs += performance.now() - v0;
    }
    const gas = Number(receipt.gasUsed);
    result.batches[size] = {
      treeBuildMs: Math.round(buildMs * 10) / 10,
      anchorGas: gas,
      gasPerRecord: Math.round((gas / size) * 100) / 100,
      meanProofBytes: Math.round(proofBytes / sample.length),
      pathLength: batch.paths[sample[1]].split('/').length,
      verifyMsPerRecord: Math.round((verifyMs / sample.length) * 1000) / 1000,
    };
    console.error(`${size}: ${JSON.stringify(result.batches[size])}`);
  }
  console.log(JSON.stringify(result, null, 2));
} finally {
  await infra.stop();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/anchoring.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
