import { randomBytes } from 'node:crypto';
import { CarReader } from '@ipld/car';
import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { testConfig } from '../support/config.js';
import { signUp } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

// The gateway's CARs as the Trustless Gateway specification asks: rooted at the requested CID, the
// blocks that prove the path, then the entity in its dag-scope (block, entity, all) and, for a file,
// only the blocks an entity-bytes range needs. Checked by reading the CAR back and re-hashing every
// block; which blocks a range needs is worked out here from the file's own UnixFS node.
describe('trustless gateway CARs', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let root: string;
  const big = randomBytes(2.5 * 1024 * 1024); // three 1 MiB chunks: 1, 1, 0.5
  beforeAll(async () => {
    platform = await startPlatform({ config: testConfig() });
    const token = await signUp(platform, 'gateway');
    const body = new FormData();
    body.append('file', new Blob([big]), 'cad/big.bin');
    body.append('file', new Blob(['# readme']), 'README.md');
    const res = await fetch(`${platform.baseUrl}/api/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
    root = ((await res.json()) as { cid: string }).cid;
  });
  afterAll(() => platform.close());

  async function car(path: string, query: string) {
    const res = await fetch(`${platform.baseUrl}/ipfs/${root}${path}?format=car${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=n');
    const reader = await CarReader.fromBytes(new Uint8Array(await res.arrayBuffer()));
    expect((await reader.getRoots()).map(String)).toEqual([root]);
    const blocks: Array<{ cid: CID; bytes: Uint8Array }> = [];
    for await (const b of reader.blocks()) {
      // Every block is what its CID says.
      expect(Buffer.from((await sha256.digest(b.bytes)).digest).equals(Buffer.from(b.cid.multihash.digest))).toBe(true);
      blocks.push(b);
    }
    expect(new Set(blocks.map((b) => b.cid.toString())).size).toBe(blocks.length);
    return blocks;
  }
  const link = (bytes: Uint8Array, name: string) => dagPb.decode(bytes).Links.find((l) => l.Name === name)!.Hash;

  it('proves the path, then gives the block, the entity or the whole DAG', async () => {
    const all = await car('', '');
    const rootBlock = all[0]!;
    expect(rootBlock.cid.toString()).toBe(root);
    const cad = link(rootBlock.bytes, 'cad');
    const cadBlock = all.find((b) => b.cid.equals(cad))!;
    const file = link(cadBlock.bytes, 'big.bin');
    const fileBlock = all.find((b) => b.cid.equals(file))!;
    const leaves = dagPb.decode(fileBlock.bytes).Links.map((l) => l.Hash);
    expect(leaves).toHaveLength(3);
    // root, cad/, big.bin and its three leaves, README.md.
    expect(all).toHaveLength(7);

    const block = await car('/cad/big.bin', '&dag-scope=block');
    expect(block.map((b) => b.cid.toString())).toEqual([root, cad.toString(), file.toString()]);
    const entity = await car('/cad/big.bin', '&dag-scope=entity');
    expect(entity.map((b) => b.cid.toString())).toEqual([root, cad, file, ...leaves].map(String));
    const entityOfDir = await car('/cad', '&dag-scope=entity');
    expect(entityOfDir.map((b) => b.cid.toString())).toEqual([root, cad.toString()]);
    // The whole file, reassembled from the entity CAR, is the uploaded file.
    const bytes = Buffer.concat(leaves.map((l) => Buffer.from(entity.find((b) => b.cid.equals(l))!.bytes)));
    expect(bytes.equals(big)).toBe(true);
  });

  it('gives only the blocks a byte range needs', async () => {
    const entity = await car('/cad/big.bin', '&dag-scope=entity');
    const fileBlock = entity[2]!;
    const node = dagPb.decode(fileBlock.bytes);
    expect(UnixFS.unmarshal(node.Data!).blockSizes.map(Number)).toEqual([1048576, 1048576, 524288]);
    const leaves = node.Links.map((l) => l.Hash.toString());
    const range = async (r: string) =>
      (await car('/cad/big.bin', `&dag-scope=entity&entity-bytes=${r}`)).slice(3).map((b) => b.cid.toString());
    expect(await range('0:0')).toEqual([leaves[0]]);
    expect(await range('1048575:1048576')).toEqual([leaves[0], leaves[1]]);
    expect(await range('2097152:*')).toEqual([leaves[2]]);
    expect(await range('-1:*')).toEqual([leaves[2]]);
    expect(await range('0:-1')).toEqual(leaves);
    expect(await range('5000000:*')).toEqual([]);
  });

  it('refuses a scope or a range it does not know, with a typed error', async () => {
    for (const query of ['&dag-scope=everything', '&dag-scope=entity&entity-bytes=abc', '&dag-scope=entity&entity-bytes=10:2']) {
      const res = await fetch(`${platform.baseUrl}/ipfs/${root}/cad/big.bin?format=car${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    }
    expect((await fetch(`${platform.baseUrl}/ipfs/${root}/nothing/here?format=car`)).status).toBe(404);
  });
});
