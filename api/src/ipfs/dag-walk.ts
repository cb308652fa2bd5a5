import * as dagCbor from '@ipld/dag-cbor';
import * as dagPb from '@ipld/dag-pb';
import type { Blockstore } from 'interface-blockstore';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';

export async function readBlock(blockstore: Blockstore, cid: CID): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of blockstore.get(cid)) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

// The CIDs a block links to, for the codecs the platform writes.
export function linksOf(cid: CID, bytes: Uint8Array): CID[] {
  switch (cid.code) {
    case dagPb.code:
      return dagPb.decode(bytes).Links.map((l) => l.Hash);
    case raw.code:
      return [];
    case dagCbor.code: {
      const found: CID[] = [];
      const visit = (value: unknown): void => {
        const link = CID.asCID(value);
        if (link) found.push(link);
        else if (Array.isArray(value)) value.forEach(visit);
        else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) Object.values(value).forEach(visit);
      };
      visit(dagCbor.decode(bytes));
      return found;
    }
    default:
      throw new Error(`unsupported codec 0x${cid.code.toString(16)}`);
  }
}

// Whether a blockstore error means the block is not there (the stores name it differently).
export function isMissingBlock(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e?.name === 'NotFoundError' || e?.code === 'ERR_NOT_FOUND' || e?.code === 'ENOENT';
}
