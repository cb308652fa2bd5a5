import * as dagPb from '@ipld/dag-pb';
import type { Blockstore } from 'interface-blockstore';
import { UnixFS } from 'ipfs-unixfs';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { isMissingBlock, linksOf, readBlock } from './dag-walk.js';

// What a trustless gateway's CAR holds (IPIP-402, the Trustless Gateway specification): the blocks
// that prove the path from the root CID to the terminal entity, then the entity's blocks in the
// requested scope, depth first, each once. `block`: the terminal block alone; `entity`: a file's
// blocks (or only those a byte range needs), a directory's node (with its HAMT shards), any other
// block alone; `all`: the entity's whole DAG.
export const DAG_SCOPES = ['all', 'entity', 'block'] as const;
export type DagScope = (typeof DAG_SCOPES)[number];

// entity-bytes=from:to, inclusive; negative counts from the end; '*' is the end.
export interface EntityBytes {
  from: number;
  to: number | '*';
}

export function parseDagScope(value: string | undefined): DagScope {
  if (value === undefined || value === '') return 'all';
  if (!(DAG_SCOPES as readonly string[]).includes(value))
    throw new InvalidInputError('dag-scope', `dag-scope is one of ${DAG_SCOPES.join(', ')}.`, 'INVALID');
  return value as DagScope;
}

export function parseEntityBytes(value: string | undefined): EntityBytes | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^(-?\d{1,16}):(-?\d{1,16}|\*)$/.exec(value);
  if (!m)
    throw new InvalidInputError('entity-bytes', 'entity-bytes is from:to (inclusive; negative from the end; * for the end).', 'INVALID');
  const from = Number(m[1]);
  const to = m[2] === '*' ? '*' : Number(m[2]);
  if (to !== '*' && from >= 0 && to >= 0 && to < from)
    throw new InvalidInputError('entity-bytes', 'entity-bytes ends before it starts.', 'INVALID');
  return { from, to };
}

type Block = { cid: CID; bytes: Uint8Array };

async function read(store: Blockstore, cid: CID): Promise<Uint8Array> {
  try {
    return await readBlock(store, cid);
  } catch (err) {
    if (isMissingBlock(err)) throw new NotFoundError('Block', cid.toString());
    throw err;
  }
}

const unixfsOf = (cid: CID, bytes: Uint8Array): { node: dagPb.PBNode; data: UnixFS } | null => {
  if (cid.code !== dagPb.code) return null;
  const node = dagPb.decode(bytes);
  return node.Data ? { node, data: UnixFS.unmarshal(node.Data) } : null;
};

// Depth first, parents before children, children in link order, each block once.
async function* dfs(
  store: Blockstore,
  root: CID,
  seen: Set<string>,
  follow: (cid: CID, bytes: Uint8Array) => CID[],
): AsyncGenerator<Block> {
  const stack: CID[] = [root];
  while (stack.length) {
    const cid = stack.pop()!;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const bytes = await read(store, cid);
    yield { cid, bytes };
    stack.push(...follow(cid, bytes).reverse());
  }
}

// The blocks of a file that hold bytes [from, to] (inclusive), depth first.
async function* fileRange(store: Blockstore, cid: CID, from: number, to: number, offset: number, seen: Set<string>): AsyncGenerator<Block> {
  const bytes = await read(store, cid);
  if (!seen.has(cid.toString())) {
    seen.add(cid.toString());
    yield { cid, bytes };
  }
  const fs = unixfsOf(cid, bytes);
  if (!fs || !fs.node.Links.length) return;
  let at = offset;
  for (const [i, link] of fs.node.Links.entries()) {
    const size = Number(fs.data.blockSizes[i] ?? 0n);
    const start = at;
    const end = at + size - 1;
    at += size;
    if (end >= from && start <= to) yield* fileRange(store, link.Hash, from, to, start, seen);
  }
}

// The CAR's blocks for /ipfs/{root}/{path} with the given scope (see above).
export async function* scopedBlocks(
  store: Blockstore,
  root: CID,
  path: readonly string[],
  scope: DagScope,
  entityBytes?: EntityBytes,
): AsyncGenerator<Block> {
  const seen = new Set<string>();
  let cid = root;
  // The path: each directory's block (a sharded directory's shards with it), then the next segment.
  for (const segment of path) {
    const bytes = await read(store, cid);
    const fs = unixfsOf(cid, bytes);
    if (!fs || (fs.data.type !== 'directory' && fs.data.type !== 'hamt-sharded-directory'))
      throw new NotFoundError('Content', `${root}/${path.join('/')}`);
    let next: CID | undefined;
    if (fs.data.type === 'directory') {
      if (!seen.has(cid.toString())) {
        seen.add(cid.toString());
        yield { cid, bytes };
      }
      next = fs.node.Links.find((l) => l.Name === segment)?.Hash;
    } else {
      for await (const block of dfs(store, cid, seen, shardLinks)) {
        yield block;
        const node = dagPb.decode(block.bytes);
        next ??= node.Links.find((l) => (l.Name ?? '').length > 2 && (l.Name ?? '').slice(2) === segment)?.Hash;
      }
    }
    if (!next) throw new NotFoundError('Content', `${root}/${path.join('/')}`);
    cid = next;
  }
  if (scope === 'block') {
    if (!seen.has(cid.toString())) yield { cid, bytes: await read(store, cid) };
    return;
  }
  if (scope === 'all') {
    yield* dfs(store, cid, seen, (c, b) => linksOf(c, b));
    return;
  }
  // entity
  const bytes = await read(store, cid);
  const fs = cid.code === raw.code ? null : unixfsOf(cid, bytes);
  if (fs && (fs.data.type === 'file' || fs.data.type === 'raw')) {
    const size = Number(fs.data.fileSize());
    const range = resolveRange(entityBytes, size);
    if (!range) {
      // An empty range: the file's root block proves its size.
      if (!seen.has(cid.toString())) yield { cid, bytes };
      return;
    }
    yield* fileRange(store, cid, range.from, range.to, 0, seen);
    return;
  }
  if (fs?.data.type === 'hamt-sharded-directory') {
    yield* dfs(store, cid, seen, shardLinks);
    return;
  }
  if (!seen.has(cid.toString())) yield { cid, bytes };
}

// A sharded directory's own shards: links named by their 2-character bucket prefix alone.
function shardLinks(_cid: CID, bytes: Uint8Array): CID[] {
  return dagPb
    .decode(bytes)
    .Links.filter((l) => (l.Name ?? '').length === 2)
    .map((l) => l.Hash);
}

function resolveRange(r: EntityBytes | undefined, size: number): { from: number; to: number } | null {
  if (size === 0) return null;
  if (!r) return { from: 0, to: size - 1 };
  const from = Math.max(0, r.from < 0 ? size + r.from : r.from);
  const to = Math.min(size - 1, r.to === '*' ? size - 1 : r.to < 0 ? size + r.to : r.to);
  return from > to || from >= size ? null : { from, to };
}
