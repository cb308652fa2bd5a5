import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBlockstore } from 'blockstore-core/memory';
import { importer } from 'ipfs-unixfs-importer';
import { openLocalBlockstore } from './local-blockstore.js';
import { importBytes, importTree, UNIXFS_PROFILE } from './unixfs.js';

// Kubo's published CID fixtures for the unixfs-v1-2025 profile (kubo test/cli/cid_profiles_test.go).
// Their pseudo-random inputs: a ChaCha20 keystream keyed by sha256(seed), zero nonce.
function keystream(size: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('chacha20', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

function fixtureNames(count: number, length: number, lastLength: number, seed: string): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz01234567890-_';
  const stream = keystream(1_048_576, seed);
  const names: string[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const len = i === count - 1 ? lastLength : length;
    names.push(Array.from(stream.subarray(offset, offset + len), (b) => alphabet[b % alphabet.length]).join(''));
    offset += len;
  }
  return names;
}

const store = () => openLocalBlockstore(mkdtempSync(join(tmpdir(), 'cosmolocal-blocks-')));

// CIDs depend on bytes only: thousands of tiny blocks are hashed in memory here.
async function rootOf(entries: Array<{ path: string; content?: Uint8Array }>): Promise<string> {
  let last = '';
  for await (const entry of importer(entries, new MemoryBlockstore(), UNIXFS_PROFILE)) last = entry.cid.toString();
  return last;
}

describe('UnixFS import (Kubo unixfs-v1-2025 CIDs)', () => {
  it('gives "hello world" its raw-leaf CID', async () => {
    expect((await importBytes(await store(), new TextEncoder().encode('hello world'))).toString()).toBe(
      'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
    );
  });

  it('gives an empty directory its CID', async () => {
    expect(await rootOf([{ path: 'empty' }])).toBe('bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354');
  });

  it('keeps a file of exactly one 1 MiB chunk as a single raw block', async () => {
    const cid = await importBytes(await store(), keystream(1_048_576, 'chunk-v1-seed'));
    expect(cid.toString()).toBe('bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta');
  });

  it('splits one byte over 1 MiB into a dag-pb file of two leaves', async () => {
    const cid = await importBytes(await store(), keystream(1_048_577, 'chunk-v1-seed'));
    expect(cid.toString()).toBe('bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64');
  });

  it('keeps a directory at the HAMT threshold flat and shards one byte over it', async () => {
    const at = fixtureNames(4766, 11, 21, 'hamt-unixfs-v1-2025').map((n) => ({ path: `rootDir/${n}`, content: Uint8Array.of(120) }));
    const over = fixtureNames(4766, 11, 22, 'hamt-unixfs-v1-2025').map((n) => ({ path: `rootDir/${n}`, content: Uint8Array.of(120) }));
    expect(await rootOf(at)).toBe('bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4');
    expect(await rootOf(over)).toBe('bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu');
  });

  it('wraps an upload in one directory and reports each file', async () => {
    const { root, files } = await importTree(await store(), [
      { path: 'docs/readme.md', content: new TextEncoder().encode('hello world') },
      { path: 'part.stl', content: new TextEncoder().encode('solid part') },
    ]);
    expect(root.code).toBe(0x70);
    expect(files.map((f) => [f.path, f.cid.toString(), f.size])).toEqual(
      expect.arrayContaining([['docs/readme.md', 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e', 11n]]),
    );
    expect(files).toHaveLength(2);
  });
});
