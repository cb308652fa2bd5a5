import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fundedSignerKey } from '../support/chain.js';
import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';
import { until } from '../support/wait.js';
import { scratchDatabase } from '../support/scratch.js';

const run = promisify(execFile);
type Platform = Awaited<ReturnType<typeof startPlatform>>;

let platform: Platform;
let db: Awaited<ReturnType<typeof scratchDatabase>>;

// The API and the worker (capture, anchoring every 200 ms) on a database and queues of their own.
beforeAll(async () => {
  db = await scratchDatabase({ migrate: true, label: 'contrib_e2e' });
  platform = await startPlatform({
    worker: true,
    config: testConfig({
      DATABASE_URL: db.url,
      QUEUE_PREFIX: `test-contrib-${randomBytes(4).toString('hex')}`,
      CHAIN_SIGNER_KEY: await fundedSignerKey(),
      ANCHOR_MAX_DELAY_SECONDS: '0',
      ANCHOR_POLL_MS: '200',
    }),
  });
});
afterAll(async () => {
  await platform?.close();
  await db?.drop();
});

async function signUp(label: string) {
  const reg = await platform.gql('mutation($i: RegisterInput!) { register(input: $i) { token account { did email } } }', {
    i: { email: uniqueEmail(label), password: PASSWORD, name: label },
  });
  return reg.data!.register as { token: string; account: { did: string; email: string } };
}

const RECORD = `mutation($input: RecordContributionInput!) { recordContribution(input: $input) { id cid action status agent { did kind } validation { state required approvals } } }`;
const CONTRIBUTION = `query($id: String!) { contribution(id: $id) { id cid action occurredAt status agent { did } anchor { status chainId txHash blockNumber root path proofCid lastError } validation { state approvals } } }`;

describe('contributions over HTTP GraphQL, anchored by the worker', () => {
  it('records, validates, anchors and verifies a contribution; the CLI verifies the exported CAR against the chain alone', async () => {
    const author = await signUp('author');
    const peer = await signUp('peer');
    const second = await signUp('second');
    const org = await platform.gql(
      'mutation { createOrganization(input: { name: "Valley Fab Co-op", kind: COOPERATIVE }) { id } }',
      {},
      author.token,
    );
    const orgId = org.data!.createOrganization.id as string;
    for (const m of [peer, second]) {
      await platform.gql(
        'mutation($o: ID!, $e: String!) { addMember(organizationId: $o, email: $e, role: MEMBER) { id } }',
        { o: orgId, e: m.account.email },
        author.token,
      );
    }

    const unauthenticated = await platform.gql(RECORD, { input: { organizationId: orgId, action: 'work', note: 'x' } });
    expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await platform.gql(
      RECORD,
      { input: { organizationId: orgId, action: 'work', note: 'Wrote the guide', effortHours: 'lots' } },
      author.token,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effortHours' });

    const created = await platform.gql(
      RECORD,
      { input: { organizationId: orgId, action: 'work', note: 'Wrote the assembly guide', effortHours: '3' } },
      author.token,
    );
    const record = created.data!.recordContribution;
    expect(record).toMatchObject({
      action: 'work',
      agent: { did: author.account.did, kind: 'ACCOUNT' },
      validation: { state: 'PENDING', required: 2, approvals: 0 },
    });
    expect(record.cid).toBe(record.id);

    for (const v of [peer, second])
      await platform.gql('mutation($id: String!) { validateContribution(id: $id, approve: true) { id } }', { id: record.id }, v.token);
    const anchored = await until('the record to be anchored', async () => {
      const r = await platform.gql(CONTRIBUTION, { id: record.id });
      return r.data!.contribution.status === 'ANCHORED' ? r.data!.contribution : null;
    });
    expect(anchored).toMatchObject({
      validation: { state: 'APPROVED', approvals: 2 },
      anchor: {
        status: 'ANCHORED',
        chainId: Number(process.env.TEST_CHAIN_ID),
        txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        path: expect.stringMatching(/^[01](\/[01])*$/),
      },
    });

    const verified = await platform.gql(
      'query($id: String!) { verifyContribution(id: $id) { valid reason signer root txHash blockNumber } }',
      { id: record.id },
    );
    expect(verified.data!.verifyContribution).toEqual({
      valid: true,
      reason: null,
      signer: author.account.did,
      root: anchored.anchor.root,
      txHash: anchored.anchor.txHash,
      blockNumber: anchored.anchor.blockNumber,
    });

    const listed = await platform.gql(
      'query($a: String!) { contributions(filter: { agent: $a, status: "ANCHORED" }, first: 5) { totalCount edges { node { id } } } contributionSummary(agent: $a) { records countedForRewards } }',
      { a: author.account.did },
    );
    expect(listed.data!.contributions.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(record.id);
    expect(listed.data!.contributionSummary).toMatchObject({ countedForRewards: 1 });

    // The CAR download and an independent check: no API, no database, just the chain's RPC.
    const res = await fetch(`${platform.baseUrl}/contributions/${record.id}.car`);
    expect(res.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'cosmolocal-car-'));
    const car = join(dir, 'record.car');
    writeFileSync(car, Buffer.from(await res.arrayBuffer()));
    const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
    const ok = await run(process.execPath, [cli, 'verify', record.id, '--car', car, '--rpc', process.env.TEST_RPC_URL!], {
      env: { PATH: process.env.PATH },
    });
    expect(ok.stdout).toMatch(new RegExp(`^VALID ${record.id}`));
    expect(ok.stdout).toContain(anchored.anchor.txHash);

    // The same CAR with one byte of the envelope's signature changed.
    const bytes = readFileSync(car);
    const tampered = join(dir, 'tampered.car');
    const at = bytes.lastIndexOf(Buffer.from('signature')) + 20;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(tampered, bytes);
    const fail = await run(process.execPath, [cli, 'verify', record.id, '--car', tampered, '--rpc', process.env.TEST_RPC_URL!], {
      env: { PATH: process.env.PATH },
    }).catch((e: { code: number; stdout: string }) => e);
    expect((fail as { code: number }).code).toBe(1);
    expect((fail as { stdout: string }).stdout).toMatch(/^INVALID .*(ID_MISMATCH|BAD_SIGNATURE|MALFORMED)/);
  });

  it('answers NOT_FOUND for an unknown record and BAD_USER_INPUT for what is not a CID', async () => {
    const missing = await platform.gql(
      'query { verifyContribution(id: "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy") { valid } }',
    );
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const notCid = await platform.gql('query { verifyContribution(id: "hello") { valid } }');
    expect(notCid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const car = await fetch(`${platform.baseUrl}/contributions/hello.car`);
    expect(car.status).toBe(400);
    expect(
      (await platform.gql('query { contribution(id: "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy") { id } }')).data!
        .contribution,
    ).toBeNull();
  });
});
