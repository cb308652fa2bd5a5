// Smoke test of the embedded quick start: no URLs configured, start, query health, `me`
// and the demo world, stop; start again on the same DATA_DIR and find the data kept (and the
// demo world not seeded twice); no process may outlive the platform.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, gql, startPlatform } from './lib/platform-process.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'cosmolocal-smoke-'));
const email = `smoke-${Date.now()}@example.org`;
const password = 'smoke test passphrase over the hills';
const designCount = async (baseUrl) => (await gql(baseUrl, '{ designs(first: 1) { totalCount } }')).data?.designs?.totalCount;
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(
      `not ok - ${name}\n  ${String(err?.stack ?? err)
        .split('\n')
        .join('\n  ')}`,
    );
  }
}

try {
  const port = await freePort();
  // A first start also seeds the demo world: more time than a warm start on a busy machine.
  const first = await startPlatform({ dataDir, port, timeoutMs: 120_000 });
  console.log(`# cold start ready in ${Math.round(first.readyMs)} ms`);
  await check('GET /health answers 200', async () => {
    const res = await fetch(`${first.baseUrl}/health`);
    assert.equal(res.status, 200);
  });
  await check('me is null without a token', async () => {
    assert.deepEqual(await gql(first.baseUrl, '{ me { id } }'), { data: { me: null } });
  });
  await check('a first start shows the demo world', async () => {
    assert.ok((await designCount(first.baseUrl)) > 0, 'no designs');
  });
  const seededDesigns = await designCount(first.baseUrl);
  await check('register works on the embedded database', async () => {
    const res = await gql(first.baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { account { email } } }', {
      i: { email, password, name: 'Smoke' },
    });
    assert.equal(res.data?.register?.account?.email, email, JSON.stringify(res));
  });
  const firstStop = await first.stop('SIGINT');
  await check('Ctrl-C stops cleanly', () => assert.equal(firstStop.code, 0, first.output()));
  await check('no process outlives the platform after Ctrl-C', () => assert.deepEqual(firstStop.leftovers, []));

  const second = await startPlatform({ dataDir, port });
  console.log(`# warm start ready in ${Math.round(second.readyMs)} ms`);
  await check('a second start keeps the data', async () => {
    const login = await gql(second.baseUrl, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: email,
      p: password,
    });
    assert.ok(login.data?.login?.token, JSON.stringify(login));
    const me = await gql(second.baseUrl, '{ me { email } }', {}, login.data.login.token);
    assert.deepEqual(me, { data: { me: { email } } });
  });
  await check('a second start does not seed the demo world again', async () => {
    assert.equal(await designCount(second.baseUrl), seededDesigns);
  });
  const secondStop = await second.stop('SIGTERM');
  await check('SIGTERM stops cleanly', () => assert.equal(secondStop.code, 0, second.output()));
  await check('no process outlives the platform after SIGTERM', () => assert.deepEqual(secondStop.leftovers, []));
} catch (err) {
  failed++;
  console.log(`not ok - smoke run\n  ${err?.stack ?? err}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
