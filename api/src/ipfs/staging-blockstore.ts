import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FsBlockstore } from 'blockstore-fs';
import { SHARDING } from './local-blockstore.js';
import type { Blockstore, InputPair, Pair } from 'interface-blockstore';
import type { CID } from 'multiformats/cid';

// Writes of one import go to a private directory first; `commit` moves them into the
// store (atomic renames into a local blockstore, uploads to a Kubo node), `discard` deletes them. So an upload that fails half-way
// (too large, client gone) leaves nothing in the store, and a block another upload
// shares is never touched.
export class StagingBlockstore implements Blockstore {
  private readonly staged: FsBlockstore;
  private readonly written = new Map<string, CID>();

  constructor(
    private readonly target: Blockstore,
    private readonly dir: string,
  ) {
    this.staged = new FsBlockstore(dir, { shardingStrategy: SHARDING });
  }

  async open(): Promise<void> {
    await this.staged.open();
  }

  async put(cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<CID> {
    // Content addressing: a block the store already has needs no second copy.
    if (this.written.has(cid.toString()) || (await this.target.has(cid))) return cid;
    await this.staged.put(cid, bytes);
    this.written.set(cid.toString(), cid);
    return cid;
  }

  async *putMany(source: Iterable<InputPair> | AsyncIterable<InputPair>): AsyncGenerator<CID> {
    for await (const { cid, bytes } of source) yield await this.put(cid, bytes);
  }

  get(cid: CID): AsyncGenerator<Uint8Array> {
    return (this.written.has(cid.toString()) ? this.staged : this.target).get(cid) as AsyncGenerator<Uint8Array>;
  }

  async *getMany(source: Iterable<CID> | AsyncIterable<CID>): AsyncGenerator<Pair> {
    for await (const cid of source) yield { cid, bytes: this.get(cid) };
  }

  async *getAll(): AsyncGenerator<Pair> {
    for (const cid of this.written.values()) yield { cid, bytes: this.get(cid) };
  }

  async has(cid: CID): Promise<boolean> {
    return this.written.has(cid.toString()) || this.target.has(cid);
  }

  async delete(cid: CID): Promise<void> {
    if (this.written.delete(cid.toString())) await this.staged.delete(cid);
  }

  async *deleteMany(source: Iterable<CID> | AsyncIterable<CID>): AsyncGenerator<CID> {
    for await (const cid of source) {
      await this.delete(cid);
      yield cid;
    }
  }

  async commit(): Promise<void> {
    for (const cid of this.written.values()) {
      const { dir, file } = SHARDING.encode(cid);
      if (this.target instanceof FsBlockstore) {
        const to = join(this.target.path, dir, file);
        await mkdir(dirname(to), { recursive: true });
        // Same CID, same bytes: replacing an existing block is harmless.
        await rename(join(this.staged.path, dir, file), to);
      } else {
        await this.target.put(cid, await readFile(join(this.staged.path, dir, file)));
      }
    }
    await this.discard();
  }

  async discard(): Promise<void> {
    this.written.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}
