import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { buildMerkleBatch, MerklePathError, proofBlocks, rootDigest, verifyMerklePath } from './merkle.js';

const leaf = async (i: number) => CID.createV1(0x85, await sha256.digest(new TextEncoder().encode(`record ${i}`)));
const leaves = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => leaf(i)));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: MerklePathError) => e.reason,
  );

describe('Merkle batches', () => {
  it.each([1, 2, 3, 5, 8, 13, 64, 100])('proves each of %i records from the root with its own path blocks only', async (n) => {
    const records = await leaves(n);
    const batch = await buildMerkleBatch(records);
    expect(new Set(batch.paths).size).toBe(n);
    for (const [i, record] of records.entries()) {
      const proof = new Map(proofBlocks(batch, batch.paths[i]!).map((b) => [b.cid.toString(), b.bytes]));
      await verifyMerklePath(batch.root, batch.paths[i]!, record, (cid) => proof.get(cid.toString()));
      // Depth is logarithmic: at most ceil(log2 n) + 1 steps.
      expect(batch.paths[i]!.split('/').length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)) + 1);
    }
  });

  it('keeps the record count in the root and is deterministic', async () => {
    const records = await leaves(5);
    const a = await buildMerkleBatch(records);
    const b = await buildMerkleBatch(records);
    expect(a.root.equals(b.root)).toBe(true);
    const root = dagCbor.decode(a.blocks.get(a.root.toString())!) as CID[];
    expect(root).toHaveLength(3);
    expect(dagCbor.decode(a.blocks.get(root[2]!.toString())!)).toEqual({ numEntries: 5 });
    expect(a.paths).toEqual(['0/0/0', '0/0/1', '0/1/0', '0/1/1', '1']);
    expect(rootDigest(a.root)).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await buildMerkleBatch([...records].reverse())).root.equals(a.root)).toBe(false);
  });

  it('names what is wrong with a proof', async () => {
    const records = await leaves(6);
    const batch = await buildMerkleBatch(records);
    const get = (cid: CID) => batch.blocks.get(cid.toString());
    expect(await failure(verifyMerklePath(batch.root, batch.paths[2]!, records[3]!, get))).toBe('LEAF_MISMATCH');
    expect(await failure(verifyMerklePath(batch.root, '0/2', records[0]!, get))).toBe('BAD_PATH');
    expect(await failure(verifyMerklePath(batch.root, '0/0/0/0/0', records[0]!, get))).toBe('BAD_PATH');
    expect(await failure(verifyMerklePath(batch.root, batch.paths[0]!, records[0]!, () => undefined))).toBe('MISSING_BLOCK');
    // A forged node under the genuine root's CID does not hash to it.
    const forged = dagCbor.encode([records[5], records[4]]);
    expect(
      await failure(verifyMerklePath(batch.root, batch.paths[0]!, records[0]!, (cid) => (cid.equals(batch.root) ? forged : get(cid)))),
    ).toBe('TAMPERED_BLOCK');
    // Another batch's root does not lead to this record.
    const other = await buildMerkleBatch(await Promise.all(Array.from({ length: 7 }, (_, i) => leaf(100 + i))));
    expect(await failure(verifyMerklePath(other.root, batch.paths[0]!, records[0]!, (cid) => other.blocks.get(cid.toString())))).toBe(
      'LEAF_MISMATCH',
    );
  });
});
