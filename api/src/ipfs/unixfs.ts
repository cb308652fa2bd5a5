import { importer, type ImportCandidate, type ImporterOptions } from 'ipfs-unixfs-importer';
import type { Blockstore } from 'interface-blockstore';
import type { CID } from 'multiformats/cid';
import { InvalidInputError } from '../common/errors/domain-error.js';

// Kubo's `unixfs-v1-2025` profile (IPIP-499): CIDv1, raw leaves, 1 MiB chunks, balanced
// layout with up to 1024 links, HAMT sharding when a directory block would pass 256 KiB.
// Stated explicitly so a library default changing can never change our CIDs.
export const UNIXFS_PROFILE: ImporterOptions = {
  profile: 'unixfs-v1-2025',
  cidVersion: 1,
  rawLeaves: true,
  shardSplitStrategy: 'block-bytes',
  shardSplitThresholdBytes: 262_144,
  reduceSingleLeafToSelf: true,
};

export interface ImportedFile {
  path: string;
  cid: CID;
  size: bigint;
}

// Imports files (paths relative to a root) and returns the root directory over all of them.
export async function importTree(
  blockstore: Blockstore,
  entries: AsyncIterable<ImportCandidate> | Iterable<ImportCandidate>,
  filePaths?: Set<string>,
): Promise<{ root: CID; files: ImportedFile[] }> {
  const files: ImportedFile[] = [];
  let root: CID | undefined;
  for await (const entry of importer(withoutConflicts(entries), blockstore, {
    ...UNIXFS_PROFILE,
    wrapWithDirectory: true,
    fileImportConcurrency: 1,
  })) {
    if (entry.path === '' || entry.path === undefined) root = entry.cid;
    else if (!filePaths || filePaths.has(entry.path)) {
      if (entry.unixfs?.type === 'directory' || entry.unixfs?.type === 'hamt-sharded-directory') continue;
      files.push({ path: entry.path, cid: entry.cid, size: entry.size });
    }
  }
  if (!root) throw new Error('the importer produced no root directory');
  return { root, files };
}

// A path may name a file or a folder, never both, and a file only once: the importer would
// otherwise keep one of them and silently drop the other.
async function* withoutConflicts(entries: AsyncIterable<ImportCandidate> | Iterable<ImportCandidate>): AsyncGenerator<ImportCandidate> {
  const files = new Set<string>();
  const folders = new Set<string>();
  for await (const entry of entries) {
    const path = entry.path ?? '';
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (files.has(folder)) throw pathConflict(folder);
      folders.add(folder);
    }
    if ('content' in entry && entry.content !== undefined) {
      if (files.has(path)) throw new InvalidInputError('file', `"${path}" appears twice in the upload.`, 'DUPLICATE_PATH');
      if (folders.has(path)) throw pathConflict(path);
      files.add(path);
    } else {
      if (files.has(path)) throw pathConflict(path);
      folders.add(path);
    }
    yield entry;
  }
}

const pathConflict = (path: string) =>
  new InvalidInputError('file', `"${path}" is both a file and a folder in the upload: rename one of them.`, 'PATH_CONFLICT');

// One file (or byte stream) on its own, e.g. for benchmarks and CID checks.
export async function importBytes(blockstore: Blockstore, content: AsyncIterable<Uint8Array> | Uint8Array): Promise<CID> {
  let last: CID | undefined;
  for await (const entry of importer([{ content }], blockstore, UNIXFS_PROFILE)) last = entry.cid;
  return last!;
}

// Byte order, as dag-pb sorts links: the same on every machine and locale.
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
