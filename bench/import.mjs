// Import throughput and memory of design files.
//  1. sha256sum of a 200 MB file (the yardstick) vs importing the same bytes into the
//     blockstore in-process and through POST /api/uploads on a running platform.
//  2. Uploading a 1 GiB file: the server's RSS growth (goal < 100 MB) and its CID
//     against Kubo's published fixture for that input.
// Usage: npm run bench:import [-- --mb 200 --gib 1]
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLocalBlockstore } from '../dist/api/src/ipfs/local-blockstore.js';
import { importBytes } from '../dist/api/src/ipfs/unixfs.js';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, gib: { type: 'string', default: '1' } } });
const MB = 1_000_000;
const MiB = 1_048_576;
const work = mkdtempSync(join(tmpdir(), 'cosmolocal-bench-import-'));
// Kubo cid_profiles fixture: 1024 × 1 MiB of the keystream seeded "v1-2025-seed".
const KUBO_1GIB_CID = 'bafybeihmf37wcuvtx4hpu7he5zl5qaf2ineo2lqlfrapokkm5zzw7zyhvm';

async function writeKeystream(path, bytes, seed) {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('chacha20', key, Buffer.alloc(16));
  const out = createWriteStream(path);
  const zeros = Buffer.alloc(MiB);
  for (let left = bytes; left > 0; left -= MiB) {
    const chunk = cipher.update(left >= MiB ? zeros : zeros.subarray(0, left));
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

const time = async (fn) => {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

const result = { date: new Date().toISOString() };
let platform;
try {
  const size = Number(values.mb) * MB;
  const file = join(work, 'design.bin');
  await writeKeystream(file, size, 'bench-design');

  const shaRuns = [];
  for (let i = 0; i < 3; i++) shaRuns.push((await time(() => execFileSync('sha256sum', [file]))).ms);
  const importRuns = [];
  for (let i = 0; i < 3; i++) {
    const store = await openLocalBlockstore(join(work, `blocks-${i}`));
    importRuns.push((await time(() => importBytes(store, createReadStream(file, { highWaterMark: MiB })))).ms);
  }

  const dataDir = join(work, 'platform');
  mkdirSync(dataDir);
  const port = await freePort();
  platform = await startPlatform({
    dataDir,
    port,
    env: { UPLOAD_MAX_FILE_BYTES: String(4 * 1024 ** 3), UPLOAD_MAX_REQUEST_BYTES: String(4 * 1024 ** 3) },
  });
  const reg = await gql(platform.baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: 'bench@example.org', password: 'benchmarks all the way down', name: 'Bench' },
  });
  const token = reg.data.register.token;
  const uploadFile = async (path, name) => {
    const body = new FormData();
    body.append('file', await openAsBlob(path), name);
    const res = await fetch(`${platform.baseUrl}/api/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const uploadRuns = [];
  for (let i = 0; i < 3; i++) uploadRuns.push((await time(() => uploadFile(file, `run-${i}/design.bin`))).ms);

  const mbps = (ms) => Math.round((size / MB / (ms / 1000)) * 10) / 10;
  result.design = {
    megabytes: Number(values.mb),
    sha256sumMBps: mbps(median(shaRuns)),
    importInProcessMBps: mbps(median(importRuns)),
    uploadHttpMBps: mbps(median(uploadRuns)),
  };
  result.design.ratioInProcess = Math.round((result.design.importInProcessMBps / result.design.sha256sumMBps) * 100) / 100;
  result.design.ratioHttp = Math.round((result.design.uploadHttpMBps / result.design.sha256sumMBps) * 100) / 100;
  console.log(JSON.stringify(result.design));
  rmSync(file);

  // 1 GiB through the HTTP upload, sampling the server's resident memory.
  const big = join(work, 'big.bin');
  await writeKeystream(big, Number(values.gib) * 1024 * MiB, 'v1-2025-seed');
  const baseline = rssOf(platform.pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(platform.pid))), 50);
  const { ms, result: uploaded } = await time(() => uploadFile(big, 'big.bin'));
  clearInterval(sampler);
  result.largeFile = {
    gibibytes: Number(values.gib),
    seconds: Math.round(ms / 100) / 10,
    rssBaselineMB: Math.round(baseline / MB),
    rssPeakMB: Math.round(peak / MB),
    rssGrowthMB: Math.round((peak - baseline) / MB),
    cid: uploaded.files[0].cid,
    matchesKuboFixture: Number(values.gib) === 1 ? uploaded.files[0].cid === KUBO_1GIB_CID : undefined,
  };
  console.log(JSON.stringify(result.largeFile));
} finally {
  await platform?.stop('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(new URL('./results', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/import.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
const ok = result.design.ratioHttp >= 0.5 && result.largeFile.rssGrowthMB < 100 && result.largeFile.matchesKuboFixture !== false;
process.exit(ok ? 0 : 1);
