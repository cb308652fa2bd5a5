// Federation between real platform processes (API and worker each), on loopback, over scratch
// databases on the local PostgreSQL and the local Redis:
//   publish → searchable: a co-op on B follows one on A; A publishes designs one after another and
//     the time until each is in B's catalogue (signed Create, bitswap fetch of every block, record);
//   deliveries/s: A's co-op has --followers remote followers, each with its own inbox on a sink
//     server; A publishes --deliveryDesigns versions; deliveries made per second (each signed);
//   bitswap: a --mb MB file published on A, mirrored by B over bitswap, against a plain HTTP copy
//     of the same bytes from A's gateway to disk;
//   catch-up: A publishes --catchUp versions before B follows; the time until B has them all
//     (B reads A's outbox and mirrors each).
// Usage: npm run bench:federation [-- --designs 20 --followers 100 --deliveryDesigns 5 --mb 200 --catchUp 1000]
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import pg from 'pg';
import { freePort, gql, startPlatform } from '../scripts/lib/platform-process.mjs';
import { createScratchDatabase } from '../scripts/lib/scratch-db.mjs';
import { deleteRedisKeys } from './lib/redis-keys.mjs';

const { values } = parseArgs({
  options: {
    designs: { type: 'string', default: '20' },
    followers: { type: 'string', default: '100' },
    deliveryDesigns: { type: 'string', default: '5' },
    mb: { type: 'string', default: '200' },
    catchUp: { type: 'string', default: '1000' },
    out: { type: 'string', default: '' },
    parts: { type: 'string', default: 'publish,deliveries,bitswap,catchup' },
  },
});
const PARTS = new Set(values.parts.split(','));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x, d = 1) => +x.toFixed(d);

async function until(what, probe, timeoutMs, everyMs = 10) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

const instances = [];
async function instance(label) {
  const db = await createScratchDatabase(`cosmolocal_bench_fed_${label}`);
  const dataDir = mkdtempSync(join(tmpdir(), `cosmolocal-bench-fed-${label}-`));
  const port = await freePort();
  const entry = { db, dataDir, prefix: db.name };
  instances.push(entry);
  entry.platform = await startPlatform({
    dataDir,
    port,
    timeoutMs: 120_000,
    env: {
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: db.name,
      DEMO_SEED: 'false',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      FEDERATION_INSECURE_HTTP: 'true',
      IPFS_LISTEN: '/ip4/127.0.0.1/tcp/0',
      UPLOAD_MAX_FILE_BYTES: String(1024 ** 3),
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    },
  });
  entry.baseUrl = entry.platform.baseUrl;
  entry.sql = new pg.Pool({ connectionString: db.url, max: 2 });
  return entry;
}

async function signUp(p, name) {
  const r = await gql(p.baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: `${name}-${randomBytes(4).toString('hex')}@bench.example`, password: 'bench-password-123', name },
  });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.register.token;
}

async function organization(p, token, handle) {
  const r = await gql(
    p.baseUrl,
    'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
    { i: { name: handle, kind: 'COOPERATIVE', handle } },
    token,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createOrganization.id;
}

async function upload(p, token, files) {
  const body = new FormData();
  for (const [name, content] of Object.entries(files)) body.append('file', new Blob([content]), name);
  const res = await fetch(`${p.baseUrl}/api/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return res.json();
}

async function publish(p, token, organizationId, title, files) {
  const up = await upload(p, token, files);
  const r = await gql(
    p.baseUrl,
    'mutation($i: PublishDesignVersionInput!) { publishDesignVersion(input: $i) { id cid } }',
    { i: { organizationId, title, rootCid: up.cid, license: { hardware: 'CERN-OHL-S-2.0' } } },
    token,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.publishDesignVersion;
}

async function follow(from, token, orgId, target) {
  const r = await gql(
    from.baseUrl,
    'mutation($o: ID!, $t: String!) { follow(organizationId: $o, target: $t) { id } }',
    { o: orgId, t: target },
    token,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  await until(
    'the follow accepted',
    async () =>
      (await gql(from.baseUrl, 'query($o: ID!) { organizationFollows(organizationId: $o) { status } }', { o: orgId }, token)).data
        .organizationFollows[0]?.status === 'ACCEPTED',
    20_000,
  );
}

const remoteCount = async (p, cids) =>
  (await p.sql.query('SELECT count(*)::int AS n FROM design_versions WHERE origin_url IS NOT NULL AND cid = ANY($1)', [cids])).rows[0].n;

const result = { date: new Date().toISOString() };
let sink;
try {
  const a = await instance('a');
  const b = await instance('b');
  const aToken = await signUp(a, 'a');
  const bToken = await signUp(b, 'b');
  const hill = await organization(a, aToken, 'hill_fab');
  const coast = await organization(b, bToken, 'coast_makers');
  const aHost = new URL(a.baseUrl).host;
  await follow(b, bToken, coast, `@hill_fab@${aHost}`);

  // 1. Publish on A → searchable on B.
  const latencies = [];
  for (let i = 0; i < (PARTS.has('publish') ? Number(values.designs) : 0); i++) {
    const title = `Bench Drawer ${i} ${randomBytes(3).toString('hex')}`;
    const files = { 'README.md': `# ${title}\n`, 'cut/panel.svg': `<svg>${randomBytes(64).toString('hex')}</svg>` };
    const t0 = performance.now();
    const v = await publish(a, aToken, hill, title, files);
    await until('searchable on B', async () => (await remoteCount(b, [v.cid])) === 1, 30_000, 5);
    // Searchable through B's API (not only stored).
    await until(
      'found by B’s catalogue',
      async () =>
        (
          await gql(b.baseUrl, 'query($f: DesignFilter) { designs(filter: $f, first: 1) { totalCount } }', {
            f: { text: title, origin: 'REMOTE' },
          })
        ).data.designs.totalCount === 1,
      30_000,
      5,
    );
    latencies.push(performance.now() - t0);
  }
  if (latencies.length)
    result.publishToSearchable = {
      designs: latencies.length,
      medianMs: round(quantile(latencies, 0.5)),
      p95Ms: round(quantile(latencies, 0.95)),
      maxMs: round(Math.max(...latencies)),
    };
  console.log('publish → searchable on B', result.publishToSearchable);
  if (PARTS.has('deliveries')) await deliveries();
  if (PARTS.has('bitswap')) await bitswap();
  if (PARTS.has('catchup')) await catchUp();

  // 2. Deliveries per second to N followers, each with its own inbox (a sink that answers 202).
  async function deliveries() {
    const N = Number(values.followers);
    let received = 0;
    sink = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.writeHead(202).end();
      });
    });
    const sinkPort = await freePort();
    await new Promise((r) => sink.listen(sinkPort, '127.0.0.1', r));
    const fans = await organization(a, aToken, 'fan_lab');
    await a.sql.query(
      `INSERT INTO federation_followers (organization_id, actor_url, inbox_url, shared_inbox_url, follow_activity_id, status)
     SELECT $1, 'http://127.0.0.1:${sinkPort}/actors/' || i, 'http://127.0.0.1:${sinkPort}/inbox/' || i, NULL,
            'http://127.0.0.1:${sinkPort}/follows/' || i, 'ACCEPTED' FROM generate_series(1, $2) AS i`,
      [fans, N],
    );
    const D = Number(values.deliveryDesigns);
    const t1 = performance.now();
    for (let i = 0; i < D; i++)
      await publish(a, aToken, fans, `Fan Design ${i}`, { 'fan.txt': `fan ${i} ${randomBytes(8).toString('hex')}` });
    await until(
      'every delivery made',
      async () =>
        (
          await a.sql.query(`SELECT count(*)::int AS n FROM federation_deliveries WHERE organization_id = $1 AND status = 'DELIVERED'`, [
            fans,
          ])
        ).rows[0].n ===
        N * D,
      300_000,
      20,
    );
    const deliverySeconds = (performance.now() - t1) / 1000;
    result.deliveries = {
      followers: N,
      designs: D,
      deliveries: N * D,
      received,
      seconds: round(deliverySeconds, 2),
      perSecond: round((N * D) / deliverySeconds),
    };
    console.log('deliveries', result.deliveries);
  }

  // 3. Bitswap against HTTP for one large file.
  async function bitswap() {
    const MB = Number(values.mb);
    const big = randomBytes(MB * 1024 * 1024);
    const bigVersion = await publish(a, aToken, hill, `Bench Large ${randomBytes(3).toString('hex')}`, { 'large.bin': big });
    const inbound = new Queue('federation-inbound', { connection: { url: REDIS_URL }, prefix: b.prefix });
    const job = await until(
      'the large mirror done',
      async () => {
        const j = await inbound.getJob(`mirror-${bigVersion.cid}`);
        return j?.finishedOn ? j : null;
      },
      600_000,
      200,
    );
    await inbound.close();
    if (!job.returnvalue || job.returnvalue.byBitswap !== job.returnvalue.fetched)
      throw new Error(`not all by bitswap: ${JSON.stringify(job.returnvalue)}`);
    const bitswapSeconds = (job.finishedOn - job.processedOn) / 1000;
    const fileCid = (
      await a.sql.query(`SELECT f->>'cid' AS cid FROM design_versions, jsonb_array_elements(manifest->'files') f WHERE cid = $1`, [
        bigVersion.cid,
      ])
    ).rows[0].cid;
    const copy = join(b.dataDir, 'http-copy.bin');
    const t2 = performance.now();
    const res = await fetch(`${a.baseUrl}/ipfs/${fileCid}`);
    await pipeline(Readable.fromWeb(res.body), createWriteStream(copy));
    const httpSeconds = (performance.now() - t2) / 1000;
    result.bitswap = {
      mb: MB,
      blocks: job.returnvalue.fetched,
      bitswapSeconds: round(bitswapSeconds, 2),
      bitswapMBps: round(MB / bitswapSeconds),
      httpSeconds: round(httpSeconds, 2),
      httpMBps: round(MB / httpSeconds),
      ratio: round(httpSeconds / bitswapSeconds, 2),
    };
    console.log('bitswap vs HTTP', result.bitswap);
  }

  // 4. Catch-up: versions published before B follows.
  async function catchUp() {
    const C = Number(values.catchUp);
    const archive = await organization(a, aToken, 'archive_lab');
    const archived = [];
    for (let i = 0; i < C; i++)
      archived.push(
        (await publish(a, aToken, archive, `Archive ${i}`, { 'sheet.txt': `sheet ${i} ${randomBytes(8).toString('hex')}` })).cid,
      );
    const reader = await organization(b, bToken, 'reader_coop');
    const t3 = performance.now();
    await follow(b, bToken, reader, `@archive_lab@${aHost}`);
    await until('every archived version on B', async () => (await remoteCount(b, archived)) === C, 900_000, 100);
    const catchUpSeconds = (performance.now() - t3) / 1000;
    result.catchUp = { versions: C, seconds: round(catchUpSeconds, 2), perSecond: round(C / catchUpSeconds) };
    console.log('catch-up', result.catchUp);
  }
} finally {
  sink?.close();
  for (const i of instances) {
    await i.platform?.stop().catch(() => undefined);
    await i.sql?.end().catch(() => undefined);
    await i.db.drop().catch(() => undefined);
    await deleteRedisKeys(i.prefix).catch(() => undefined);
    rmSync(i.dataDir, { recursive: true, force: true });
  }
}
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2));
