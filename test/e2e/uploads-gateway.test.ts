import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CarReader } from '@ipld/car';
import { CID } from 'multiformats/cid';
import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';

const HELLO_CID = 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e';
let platform: Awaited<ReturnType<typeof startPlatform>>;
let token: string;

beforeAll(async () => {
  platform = await startPlatform({ config: testConfig({ UPLOAD_MAX_FILE_BYTES: '65536', UPLOAD_MAX_REQUEST_BYTES: '400000' }) });
  const reg = await platform.gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: uniqueEmail('maker'), password: PASSWORD, name: 'Maker' },
  });
  token = reg.data!.register.token;
});
afterAll(() => platform.close());

function form(files: Array<[string, string | Uint8Array]>): FormData {
  const body = new FormData();
  for (const [name, content] of files) body.append('file', new Blob([content]), name);
  return body;
}

async function upload(body: FormData, auth = token, idempotencyKey?: string) {
  const res = await fetch(`${platform.baseUrl}/api/uploads`, {
    method: 'POST',
    body,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
  });
  return { status: res.status, body: (await res.json()) as any };
}

function countBlocks(dir = platform.config.ipfs.blockstoreDir): number {
  let n = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.data')) n++;
    }
  };
  walk(dir);
  return n;
}

describe('uploads', () => {
  it('stores files with their folders as one directory and answers every CID', async () => {
    const res = await upload(
      form([
        ['docs/readme.md', 'hello world'],
        ['cad/bracket.stl', 'solid bracket\nendsolid'],
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.body.cid).toMatch(/^bafy/);
    expect(res.body.files).toEqual([
      { path: 'cad/bracket.stl', cid: expect.stringMatching(/^bafk/), size: 22 },
      { path: 'docs/readme.md', cid: HELLO_CID, size: 11 },
    ]);

    const listing = await fetch(`${platform.baseUrl}/ipfs/${res.body.cid}`);
    expect(await listing.json()).toMatchObject({ entries: [{ name: 'cad' }, { name: 'docs' }] });
    const file = await fetch(`${platform.baseUrl}/ipfs/${res.body.cid}/docs/readme.md`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(file.headers.get('etag')).toBe(`"${HELLO_CID}"`);
    expect(await file.text()).toBe('hello world');
  });

  it('refuses a file over the per-file limit with 413 and stores nothing', async () => {
    const before = countBlocks();
    const res = await upload(
      form([
        ['small.txt', 'fits'],
        ['big.bin', new Uint8Array(70_000).fill(7)],
      ]),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 65536 });
    expect(res.body.error.message).toMatch(/big\.bin.*nothing was stored/);
    expect(countBlocks()).toBe(before);
  });

  it('refuses a request over the total limit with 413 and stores nothing', async () => {
    const before = countBlocks();
    const parts = Array.from({ length: 8 }, (_, i) => [`part-${i}.bin`, new Uint8Array(60_000).fill(i)] as [string, Uint8Array]);
    const res = await upload(form(parts));
    expect(res.status).toBe(413);
    expect(countBlocks()).toBe(before);
  });

  it.each([['../escape.txt'], ['docs/../../etc/passwd'], ['/etc/passwd'], ['a//b.txt'], ['dir\\file.txt']])(
    'refuses the path %s with 400 and stores nothing',
    async (name) => {
      const before = countBlocks();
      const res = await upload(
        form([
          ['ok.txt', 'fine'],
          [name, 'sneaky'],
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
      expect(countBlocks()).toBe(before);
    },
  );

  // A raw HTTP request, so the body can be cut short or the header left without a boundary.
  function rawUpload(contentType: string, body: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${platform.baseUrl}/api/uploads`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('answers a body that ends before its closing boundary with 400, stores nothing and keeps serving', async () => {
    const before = countBlocks();
    for (let i = 0; i < 3; i++) {
      const truncated = [
        '--XyZ',
        'Content-Disposition: form-data; name="file"; filename="a.txt"',
        'Content-Type: text/plain',
        '',
        'the start of a file that never ends',
      ].join('\r\n');
      const res = await rawUpload('multipart/form-data; boundary=XyZ', truncated);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_MULTIPART' });
    }
    // A second part announced but cut off while the first is still unread.
    const two = [
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="a.txt"',
      '',
      'first',
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="b.txt"',
      '',
      'second, cut',
    ].join('\r\n');
    expect((await rawUpload('multipart/form-data; boundary=XyZ', two)).status).toBe(400);
    expect(countBlocks()).toBe(before);
    expect((await fetch(`${platform.baseUrl}/health`)).status).toBe(200);
  });

  it('answers a multipart request without a boundary with 400', async () => {
    const res = await rawUpload('multipart/form-data', 'anything');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content-type', reason: 'MALFORMED_MULTIPART' });
  });

  it('keeps UTF-8 file names as sent (names are part of the directory CID)', async () => {
    const res = await upload(
      form([
        ['café-日本.txt', 'bonjour'],
        ['dossier/Übung.md', 'ü'],
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.body.files.map((f: { path: string }) => f.path)).toEqual(['café-日本.txt', 'dossier/Übung.md']);
    const listing = (await (await fetch(`${platform.baseUrl}/ipfs/${res.body.cid}`)).json()) as { entries: Array<{ name: string }> };
    expect(listing.entries.map((e) => e.name)).toEqual(['café-日本.txt', 'dossier']);
    const file = await fetch(`${platform.baseUrl}/ipfs/${res.body.cid}/${encodeURIComponent('café-日本.txt')}`);
    expect(await file.text()).toBe('bonjour');
  });

  it('refuses a name that is both a file and a folder, in either order, and stores nothing', async () => {
    const before = countBlocks();
    for (const files of [
      [
        ['d', 'a file'],
        ['d/x', 'inside'],
      ],
      [
        ['d/x', 'inside'],
        ['d', 'a file'],
      ],
    ] as Array<Array<[string, string]>>) {
      const res = await upload(form(files));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ reason: 'PATH_CONFLICT' });
      expect(res.body.error.message).toContain('"d"');
    }
    expect(countBlocks()).toBe(before);
  });

  it('refuses duplicate paths, empty uploads and anonymous uploads', async () => {
    expect(
      (
        await upload(
          form([
            ['a.txt', '1'],
            ['a.txt', '2'],
          ]),
        )
      ).body.error.reason,
    ).toBe('DUPLICATE_PATH');
    expect((await upload(new FormData())).status).toBe(400);
    expect((await upload(form([['a.txt', '1']]), '')).status).toBe(401);
  });
});

describe('gateway', () => {
  let root: string;
  const content = Buffer.from('0123456789abcdefghij');

  beforeAll(async () => {
    root = (await upload(form([['model/part.step', content]]))).body.cid;
  });

  it('answers a repeat with the same Idempotency-Key with the first result; other files under that key get 422 and store nothing', async () => {
    const key = `"upload-${Date.now()}-${Math.random()}"`; // a structured-field string, as the header's specification writes it
    const files = (): Array<[string, string]> => [['notes/idempotent.txt', `retry me ${key}`]];
    const first = await upload(form(files()), token, key);
    expect(first.status).toBe(201);
    const again = await upload(form(files()), token, key);
    expect(again).toEqual(first);
    const blocks = countBlocks();
    const other = await upload(form([['notes/other.txt', `something else ${key}`]]), token, key);
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(countBlocks()).toBe(blocks);
    const bad = await upload(form(files()), token, 'short');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
  });

  it('serves byte ranges', async () => {
    const res = await fetch(`${platform.baseUrl}/ipfs/${root}/model/part.step`, { headers: { range: 'bytes=5-9' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 5-9/20');
    expect(await res.text()).toBe('56789');
    const tail = await fetch(`${platform.baseUrl}/ipfs/${root}/model/part.step`, { headers: { range: 'bytes=-3' } });
    expect(await tail.text()).toBe('hij');
    const outside = await fetch(`${platform.baseUrl}/ipfs/${root}/model/part.step`, { headers: { range: 'bytes=50-' } });
    expect(outside.status).toBe(416);
  });

  it('serves one raw block whose hash is its CID', async () => {
    const res = await fetch(`${platform.baseUrl}/ipfs/${root}?format=raw`);
    expect(res.headers.get('content-type')).toBe('application/vnd.ipld.raw');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest()).toEqual(Buffer.from(CID.parse(root).multihash.digest));
  });

  it('exports a CAR that verifies block by block and holds the whole tree', async () => {
    const res = await fetch(`${platform.baseUrl}/ipfs/${root}`, { headers: { accept: 'application/vnd.ipld.car' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car/);
    const car = await CarReader.fromBytes(new Uint8Array(await res.arrayBuffer()));
    expect((await car.getRoots()).map(String)).toEqual([root]);
    const blocks = [];
    for await (const block of car.blocks()) {
      expect(createHash('sha256').update(block.bytes).digest()).toEqual(Buffer.from(block.cid.multihash.digest));
      blocks.push(block);
    }
    // root directory, model/ directory, the file's raw leaf
    expect(blocks).toHaveLength(3);
    expect(blocks.some((b) => Buffer.from(b.bytes).equals(content))).toBe(true);
  });

  it('answers 404 for content it does not hold and 400 for what is not a CID', async () => {
    const missing = await fetch(`${platform.baseUrl}/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${platform.baseUrl}/ipfs/${root}/model/nope.step`)).status).toBe(404);
    expect((await fetch(`${platform.baseUrl}/ipfs/not-a-cid`)).status).toBe(400);
  });
});
