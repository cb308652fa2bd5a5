import { mkdir, mkdirSync, rename, stat, writeFile } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FsBlockstore } from 'blockstore-fs';
import { NextToLast } from 'blockstore-fs/sharding';
import type { CID } from 'multiformats/cid';

// One sharding layout for the store and its staging directories, so staged block
// files can be renamed into place.
export const SHARDING = new NextToLast();

const mkdirp = promisify(mkdir);
const writeTo = promisify(writeFile);
const moveTo = promisify(rename);
const sizeOf = async (path: string) => (await promisify(stat)(path)).size;
// Below this size a block is created straight under its own name, without a temporary file and a
// rename, which for a record's few hundred bytes cost several times the write itself.
const SMALL_BLOCK_BYTES = 64 * 1024;
let sequence = 0;

// blockstore-fs's layout and reads, with leaner writes: each shard directory is created once per
// process (not on every block); a small block is created exclusively under its own name (a block
// already there holds the same bytes: content addressing), a large one goes to a temporary file
// renamed into place. Records are many small blocks, so the per-block cost is what counts.
export class LocalBlockstore extends FsBlockstore {
  private readonly dirs = new Set<string>();

  override async put(key: CID, val: Uint8Array): Promise<CID> {
    const { dir, file } = SHARDING.encode(key);
    const folder = join(this.path, dir);
    const target = join(folder, file);
    if (val.byteLength <= SMALL_BLOCK_BYTES) {
      if (!this.dirs.has(folder)) mkdirSync(folder, { recursive: true });
      this.dirs.add(folder);
      await this.putSmall(folder, target, val);
      return key;
    }
    if (!this.dirs.has(folder)) await mkdirp(folder, { recursive: true });
    this.dirs.add(folder);
    const temporary = join(folder, `.${file}.${process.pid}.${sequence++}.tmp`);
    await writeTo(temporary, val);
    await moveTo(temporary, target);
    return key;
  }

  // In the thread pool: creating a file is mostly the kernel's work, which there runs beside the
  // event loop instead of stopping it (a distribution writes 36 blocks).
  private async putSmall(folder: string, target: string, val: Uint8Array): Promise<void> {
    try {
      await writeTo(target, val, { flag: 'wx' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The directory went away under us (an operator cleaning up): make it again.
        await mkdirp(folder, { recursive: true });
        return this.putSmall(folder, target, val);
      }
      if (code !== 'EEXIST') throw err;
      // Already stored, unless a crash cut an earlier write short: then replace it whole.
      if ((await sizeOf(target)) !== val.byteLength) {
        const temporary = `${target}.${process.pid}.${sequence++}.tmp`;
        await writeTo(temporary, val);
        await moveTo(temporary, target);
      }
    }
  }
}

export async function openLocalBlockstore(dir: string): Promise<LocalBlockstore> {
  const store = new LocalBlockstore(dir, { shardingStrategy: SHARDING });
  await store.open();
  return store;
}
