import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { equalBytes } from '../common/bytes.js';

// Batches of records as a Merkle tree of dag-cbor nodes, the shape Ceramic's anchor service
// uses: every inner node is [left, right] (CIDs), the root is [left, right, metadata], and a
// record's place is a path of 0/1 steps from the root ("0/1/1"). The tree is left-complete
// (the left subtree holds the largest power of two of the leaves), which is what merging the
// peaks of an append-only Merkle mountain range gives, so batches can be built incrementally.
// The chain stores the root's sha256 digest.

export interface RootMetadata {
  numEntries: number;
}

export interface MerkleBatch {
  root: CID;
  blocks: Map<string, Uint8Array>; // every node, by CID string
  paths: string[]; // paths[i] leads from the root to leaves[i]
}

async function put(blocks: Map<string, Uint8Array>, value: unknown): Promise<CID> {
  const bytes = dagCbor.encode(value);
  const cid = CID.createV1(dagCbor.code, await sha256.digest(bytes));
  blocks.set(cid.toString(), bytes);
  return cid;
}

const largestPowerOfTwoBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

export async function buildMerkleBatch(leaves: readonly CID[]): Promise<MerkleBatch> {
  if (!leaves.length) throw new Error('a batch needs at least one record');
  const blocks = new Map<string, Uint8Array>();
  const paths = new Array<string>(leaves.length);
  // Returns the two children of the subtree over leaves[lo, hi) (a lone leaf has no sibling).
  const children = async (lo: number, hi: number, prefix: string[]): Promise<[CID, CID | null]> => {
    if (hi - lo === 1) {
      paths[lo] = [...prefix, '0'].join('/');
      return [leaves[lo]!, null];
    }
    const mid = lo + largestPowerOfTwoBelow(hi - lo);
    return [await subtree(lo, mid, [...prefix, '0']), await subtree(mid, hi, [...prefix, '1'])];
  };
  const subtree = async (lo: number, hi: number, prefix: string[]): Promise<CID> => {
    if (hi - lo === 1) {
      paths[lo] = prefix.join('/');
      return leaves[lo]!;
    }
    return put(blocks, await children(lo, hi, prefix));
  };
  const [left, right] = await children(0, leaves.length, []);
  const metadata = await put(blocks, { numEntries: leaves.length } satisfies RootMetadata);
  const root = await put(blocks, [left, right, metadata]);
  return { root, blocks, paths };
}

// The nodes a verifier needs to walk from the root to the leaf at `path`.
export function proofBlocks(batch: MerkleBatch, path: string): Array<{ cid: CID; bytes: Uint8Array }> {
  const out: Array<{ cid: CID; bytes: Uint8Array }> = [];
  let cid: CID = batch.root;
  const steps = path.split('/');
  for (let i = 0; i < steps.length; i++) {
    const bytes = batch.blocks.get(cid.toString())!;
    out.push({ cid, bytes });
    const node = dagCbor.decode(bytes) as Array<CID | null>;
    if (i < steps.length - 1) cid = node[Number(steps[i])]!;
  }
  return out;
}

export type PathFailure = 'MISSING_BLOCK' | 'TAMPERED_BLOCK' | 'BAD_PATH' | 'LEAF_MISMATCH';

export class MerklePathError extends Error {
  constructor(
    readonly reason: PathFailure,
    message: string,
  ) {
    super(message);
    this.name = 'MerklePathError';
  }
}

// Walks `path` from `root` using only the given blocks (each re-hashed before use) and
// checks that it ends at `leaf`.
export async function verifyMerklePath(
  root: CID,
  path: string,
  leaf: CID,
  getBlock: (cid: CID) => Uint8Array | undefined | Promise<Uint8Array | undefined>,
): Promise<void> {
  const steps = path === '' ? [] : path.split('/');
  if (!steps.length || steps.some((s) => s !== '0' && s !== '1'))
    throw new MerklePathError('BAD_PATH', `"${path}" is not a path of 0/1 steps`);
  let cid = root;
  for (const [i, step] of steps.entries()) {
    const bytes = await getBlock(cid);
    if (!bytes) throw new MerklePathError('MISSING_BLOCK', `the proof lacks block ${cid}`);
    const digest = await sha256.digest(bytes);
    if (cid.code !== dagCbor.code || !equalBytes(digest.bytes, cid.multihash.bytes))
      throw new MerklePathError('TAMPERED_BLOCK', `block ${cid} does not hash to its CID`);
    let node: unknown;
    try {
      node = dagCbor.decode(bytes);
    } catch {
      throw new MerklePathError('BAD_PATH', `block ${cid} is not a Merkle node`);
    }
    const next = Array.isArray(node) ? CID.asCID(node[Number(step)]) : null;
    if (!next) throw new MerklePathError('BAD_PATH', `step ${i + 1} of "${path}" leads nowhere`);
    if (i === steps.length - 1) {
      if (!next.equals(leaf)) throw new MerklePathError('LEAF_MISMATCH', `the path ends at ${next}, not at ${leaf}`);
      return;
    }
    if (next.code !== dagCbor.code) throw new MerklePathError('BAD_PATH', `"${path}" continues past a record at step ${i + 1}`);
    cid = next;
  }
}

// What the contract stores for a batch.
export const rootDigest = (root: CID): `0x${string}` => `0x${Buffer.from(root.multihash.digest).toString('hex')}`;
