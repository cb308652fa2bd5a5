import type { Blockstore, InputPair, Pair } from 'interface-blockstore';
import type { KuboRPCClient } from 'kubo-rpc-client';
import type { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

const CODEC_NAMES: Record<number, string> = { 0x55: 'raw', 0x70: 'dag-pb', 0x71: 'dag-cbor', 0x85: 'dag-jose' };

async function concat(bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (bytes instanceof Uint8Array) return bytes;
  const chunks: Uint8Array[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Blocks kept by a Kubo node through its RPC API. CIDs are always computed here, and every
// block read back is re-hashed: a node (or anything between us) can never hand us other bytes.
export class KuboBlockstore implements Blockstore {
  constructor(private readonly kubo: KuboRPCClient) {}

  async put(cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<CID> {
    const codec = CODEC_NAMES[cid.code];
    if (!codec || cid.version !== 1) throw new Error(`cannot store ${cid} in Kubo: only CIDv1 raw, dag-pb, dag-cbor and dag-jose blocks`);
    const stored = await this.kubo.block.put(await concat(bytes), { 'cid-codec': codec, mhtype: 'sha2-256', version: 1 } as never);
    if (!stored.equals(cid)) throw new Error(`Kubo stored the block as ${stored}, expected ${cid}`);
    return cid;
  }

  async *putMany(source: Iterable<InputPair> | AsyncIterable<InputPair>): AsyncGenerator<CID> {
    for await (const { cid, bytes } of source) yield await this.put(cid, bytes);
  }

  async *get(cid: CID): AsyncGenerator<Uint8Array> {
    const bytes = await this.kubo.block.get(cid);
    const digest = await sha256.digest(bytes);
    if (cid.multihash.code !== sha256.code || !Buffer.from(digest.digest).equals(Buffer.from(cid.multihash.digest))) {
      throw new Error(`block from Kubo does not hash to ${cid}`);
    }
    yield bytes;
  }

  async *getMany(source: Iterable<CID> | AsyncIterable<CID>): AsyncGenerator<Pair> {
    for await (const cid of source) yield { cid, bytes: this.get(cid) };
  }

  // eslint-disable-next-line require-yield
  async *getAll(): AsyncGenerator<Pair> {
    throw new Error('listing every block of a Kubo node is not supported');
  }

  async has(cid: CID): Promise<boolean> {
    try {
      // Offline: only what the node holds itself, never a network search.
      await this.kubo.block.stat(cid, { offline: true } as never);
      return true;
    } catch {
      return false;
    }
  }

  async delete(cid: CID): Promise<void> {
    for await (const result of this.kubo.block.rm(cid)) if (result.error) throw result.error;
  }

  async *deleteMany(source: Iterable<CID> | AsyncIterable<CID>): AsyncGenerator<CID> {
    for await (const cid of source) {
      await this.delete(cid);
      yield cid;
    }
  }

  // Keeps an import's DAG from Kubo's garbage collection.
  async pin(root: CID): Promise<void> {
    await this.kubo.pin.add(root, { recursive: true });
  }
}
