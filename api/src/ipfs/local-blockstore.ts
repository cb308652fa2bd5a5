import { FsBlockstore } from 'blockstore-fs';
import { NextToLast } from 'blockstore-fs/sharding';

// One sharding layout for the store and its staging directories, so staged block
// files can be renamed into place.
export const SHARDING = new NextToLast();

export async function openLocalBlockstore(dir: string): Promise<FsBlockstore> {
  const store = new FsBlockstore(dir, { shardingStrategy: SHARDING });
  await store.open();
  return store;
}
