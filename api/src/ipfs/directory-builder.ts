import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import type { Blockstore } from 'interface-blockstore';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import * as raw from 'multiformats/codecs/raw';
import { readBlock } from './dag-walk.js';

// The same limit Kubo shards at; above it a directory must be uploaded as a folder.
const MAX_DIRECTORY_BLOCK = 262_144;

interface Node {
  files: Map<string, CID>;
  dirs: Map<string, Node>;
}

// Total serialized size of a DAG, as dag-pb links record it (Tsize).
async function cumulativeSize(blockstore: Blockstore, cid: CID): Promise<number> {
  const bytes = await readBlock(blockstore, cid);
  if (cid.code === raw.code) return bytes.length;
  const node = dagPb.decode(bytes);
  return bytes.length + node.Links.reduce((sum, l) => sum + (l.Tsize ?? 0), 0);
}

// Builds UnixFS directories (as `ipfs add -r` would, without HAMT sharding) over files
// already in the blockstore, and returns the root directory's CID.
export async function buildDirectory(blockstore: Blockstore, files: Array<{ path: string; cid: CID }>): Promise<CID> {
  const root: Node = { files: new Map(), dirs: new Map() };
  for (const file of files) {
    const segments = file.path.split('/');
    let node = root;
    for (const dir of segments.slice(0, -1)) {
      if (!node.dirs.has(dir)) node.dirs.set(dir, { files: new Map(), dirs: new Map() });
      node = node.dirs.get(dir)!;
    }
    node.files.set(segments.at(-1)!, file.cid);
  }
  const write = async (node: Node): Promise<{ cid: CID; size: number }> => {
    const links: dagPb.PBLink[] = [];
    for (const [name, cid] of node.files) links.push({ Name: name, Hash: cid, Tsize: await cumulativeSize(blockstore, cid) });
    for (const [name, child] of node.dirs) {
      const built = await write(child);
      links.push({ Name: name, Hash: built.cid, Tsize: built.size });
    }
    const bytes = dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'directory' }).marshal(), Links: links }));
    if (bytes.length > MAX_DIRECTORY_BLOCK) throw new Error('DIRECTORY_TOO_LARGE');
    const cid = CID.createV1(dagPb.code, await sha256.digest(bytes));
    await blockstore.put(cid, bytes);
    return { cid, size: bytes.length + links.reduce((s, l) => s + (l.Tsize ?? 0), 0) };
  };
  return (await write(root)).cid;
}
