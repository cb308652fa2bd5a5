import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CarWriter } from '@ipld/car';
import * as dagCbor from '@ipld/dag-cbor';
import type { FsBlockstore } from 'blockstore-fs';
import { exporter, type UnixFSEntry } from 'ipfs-unixfs-exporter';
import type { ImportCandidate } from 'ipfs-unixfs-importer';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { scopedBlocks, type DagScope, type EntityBytes } from './car-scope.js';
import { isMissingBlock, linksOf, readBlock } from './dag-walk.js';
import { buildDirectory } from './directory-builder.js';
import { KuboBlockstore } from './kubo-blockstore.js';
import { openLocalBlockstore } from './local-blockstore.js';
import { StagingBlockstore } from './staging-blockstore.js';
import { byPath, importTree, type ImportedFile } from './unixfs.js';
import { equalBytes } from '../common/bytes.js';

export function parseCid(value: string, field = 'cid'): CID {
  try {
    return CID.parse(value);
  } catch {
    throw new InvalidInputError(field, `"${value.slice(0, 100)}" is not a CID.`, 'INVALID_CID');
  }
}

const MIRROR_CONCURRENCY = 32;

// A peer's content that was not taken: too large, or bytes that do not match their CID.
export class MirrorRefusedError extends Error {
  override readonly name = 'MirrorRefusedError';
}

// Design files as UnixFS over the local blockstore in DATA_DIR/blocks, or a Kubo node's
// blocks when KUBO_RPC_URL is set (CIDs are computed here either way).
@Injectable()
export class ContentService implements OnModuleInit {
  private store!: FsBlockstore | KuboBlockstore;
  private readonly logger = new Logger(ContentService.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.ipfs.kuboRpcUrl) {
      const { create } = await import('kubo-rpc-client');
      this.store = new KuboBlockstore(create({ url: this.config.ipfs.kuboRpcUrl }));
    } else {
      this.store = await openLocalBlockstore(this.config.ipfs.blockstoreDir);
    }
  }

  // Imports a tree all-or-nothing: blocks become visible only once every file is in. `beforeCommit`
  // sees the result first: false (or an error) leaves nothing stored.
  async importTree(
    entries: AsyncIterable<ImportCandidate> | Iterable<ImportCandidate>,
    filePaths?: Set<string>,
    beforeCommit?: (result: { root: CID; files: ImportedFile[] }) => Promise<boolean>,
  ): Promise<{ root: CID; files: ImportedFile[] }> {
    const staging = new StagingBlockstore(this.store, join(this.config.ipfs.stagingDir, randomUUID()));
    await staging.open();
    try {
      const result = await importTree(staging, entries, filePaths);
      if (beforeCommit && !(await beforeCommit(result))) {
        await staging.discard();
        return result;
      }
      await staging.commit();
      if (this.store instanceof KuboBlockstore) await this.store.pin(result.root);
      return result;
    } catch (err) {
      await staging.discard();
      throw err;
    }
  }

  async resolve(cid: CID, path = ''): Promise<UnixFSEntry> {
    const clean = path.split('/').filter(Boolean).join('/');
    try {
      return await exporter(clean ? `${cid}/${clean}` : cid, this.store);
    } catch (err) {
      if (isMissingBlock(err) || (err as { name?: string }).name === 'NotFoundError') {
        throw new NotFoundError('Content', clean ? `${cid}/${clean}` : cid.toString());
      }
      throw err;
    }
  }

  async block(cid: CID): Promise<Uint8Array> {
    try {
      return await readBlock(this.store, cid);
    } catch (err) {
      if (isMissingBlock(err)) throw new NotFoundError('Block', cid.toString());
      throw err;
    }
  }

  async has(cid: CID): Promise<boolean> {
    return this.store.has(cid);
  }

  // Parses user-given CIDs that must already be stored (evidence files), as CIDv1 strings, deduplicated.
  async requireStored(raws: readonly string[], field: string, max: number): Promise<string[]> {
    if (raws.length > max) throw new InvalidInputError(field, `At most ${max} evidence files.`, 'OUT_OF_RANGE');
    const out: string[] = [];
    for (const [i, raw] of raws.entries()) {
      const cid = parseCid(raw.trim(), `${field}[${i}]`);
      if (!(await this.has(cid)))
        throw new InvalidInputError(`${field}[${i}]`, `${cid} is not in the content store; upload it first.`, 'UNKNOWN_CONTENT');
      out.push(cid.toV1().toString());
    }
    return [...new Set(out)];
  }

  // Stores a dag-cbor block (e.g. a design manifest) and returns its CID.
  async putDagCbor(value: unknown): Promise<CID> {
    const bytes = dagCbor.encode(value);
    const cid = CID.createV1(dagCbor.code, await sha256.digest(bytes));
    await this.store.put(cid, bytes);
    if (this.store instanceof KuboBlockstore) await this.store.pin(cid);
    return cid;
  }

  // Stores blocks whose CIDs the caller computed (signed records, Merkle nodes, proofs).
  // Each is re-hashed first: nothing enters the store under a CID it does not match; except with
  // hashedHere, for a caller that has itself just derived each CID from these very bytes in this
  // process (a record's signing), where hashing again would only repeat that.
  async putBlocks(
    blocks: Iterable<{ cid: CID; bytes: Uint8Array }>,
    pin: readonly CID[] = [],
    { hashedHere = false }: { hashedHere?: boolean } = {},
  ): Promise<void> {
    const checked: Array<{ cid: CID; bytes: Uint8Array }> = [];
    for (const b of blocks) {
      if (
        b.cid.multihash.code !== sha256.code ||
        (!hashedHere && !equalBytes((await sha256.digest(b.bytes)).digest, b.cid.multihash.digest))
      ) {
        throw new Error(`block bytes do not hash to ${b.cid}`);
      }
      checked.push(b);
    }
    // Bounded parallelism: many small files (a 65k-record batch) without a file-handle storm.
    for (let i = 0; i < checked.length; i += 64) {
      await Promise.all(checked.slice(i, i + 64).map((b) => this.store.put(b.cid, b.bytes)));
    }
    if (this.store instanceof KuboBlockstore) for (const cid of pin) await this.store.pin(cid);
  }

  // Brings the whole DAG under `root` into the store from a peer: every block missing here is
  // fetched, re-hashed to its CID (a block that does not hash is refused: the peer lied) and
  // staged; the blocks move into the store only once the DAG is complete, so a failed or refused
  // mirror leaves nothing behind. Bounded in blocks and bytes fetched.
  async mirror(
    root: CID,
    fetchBlock: (cid: CID) => Promise<Uint8Array>,
    limits: { maxBytes: number; maxBlocks: number },
  ): Promise<{ blocks: number; fetched: number; bytes: number }> {
    const staging = new StagingBlockstore(this.store, join(this.config.ipfs.stagingDir, randomUUID()));
    await staging.open();
    const report = { blocks: 0, fetched: 0, bytes: 0 };
    try {
      // Level by level, MIRROR_CONCURRENCY blocks of a level under way at a time: a file's leaves are
      // asked for together, not one round trip after another.
      const seen = new Set<string>();
      let level: CID[] = [root];
      while (level.length) {
        const next: CID[] = [];
        const fresh = level.filter((cid) => {
          const key = Buffer.from(cid.multihash.bytes).toString('base64');
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        report.blocks += fresh.length;
        if (report.blocks > limits.maxBlocks) throw new MirrorRefusedError(`${root} has more than ${limits.maxBlocks} blocks`);
        // A sliding window: a new fetch starts as soon as one ends. After a failure no new fetch starts,
        // and every one under way ends before the staging is discarded (a write racing the discard
        // would make it fail and hide the first error).
        let at = 0;
        let failed = false;
        const worker = async () => {
          while (at < fresh.length && !failed) {
            const cid = fresh[at++]!;
            let bytes: Uint8Array;
            if (await staging.has(cid)) bytes = await readBlock(staging, cid);
            else {
              bytes = await fetchBlock(cid);
              report.fetched++;
              report.bytes += bytes.byteLength;
              if (report.bytes > limits.maxBytes) throw new MirrorRefusedError(`${root} is larger than ${limits.maxBytes} bytes`);
              if (cid.multihash.code !== sha256.code || !equalBytes((await sha256.digest(bytes)).digest, cid.multihash.digest))
                throw new MirrorRefusedError(`the bytes received for ${cid} do not hash to it`);
              await staging.put(cid, bytes);
            }
            next.push(...linksOf(cid, bytes));
          }
        };
        const outcomes = await Promise.allSettled(
          Array.from({ length: Math.min(MIRROR_CONCURRENCY, fresh.length) }, () =>
            worker().catch((err: unknown) => {
              failed = true;
              throw err;
            }),
          ),
        );
        const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        // A refusal (the peer's fault) says more than what followed it.
        if (errors.length) throw errors.find((e) => e instanceof MirrorRefusedError) ?? errors[0];
        level = next;
      }
      await staging.commit();
      if (this.store instanceof KuboBlockstore) await this.store.pin(root);
      return report;
    } catch (err) {
      await staging
        .discard()
        .catch((discardError: unknown) => this.logger.warn({ msg: 'a refused mirror left its staging folder', err: String(discardError) }));
      throw err;
    }
  }

  async getDagCbor<T>(cid: CID): Promise<T> {
    return dagCbor.decode<T>(await this.block(cid));
  }

  // Every file under a directory, with its path, CID and size (at most `max`).
  async listFiles(root: CID, max = 10_000): Promise<Array<{ path: string; cid: CID; size: number }>> {
    const top = await this.resolve(root);
    if (top.type !== 'directory') throw new InvalidInputError('rootCid', `${root} is not a directory.`, 'NOT_A_DIRECTORY');
    const files: Array<{ path: string; cid: CID; size: number }> = [];
    const walk = async (cid: CID, prefix: string): Promise<void> => {
      const entry = await this.resolve(cid);
      if (entry.type !== 'directory') {
        if (files.length >= max) throw new InvalidInputError('rootCid', `A design may hold at most ${max} files.`, 'TOO_MANY_FILES');
        files.push({ path: prefix, cid: entry.cid, size: Number(entry.size) });
        return;
      }
      for await (const child of entry.entries()) await walk(child.cid, prefix ? `${prefix}/${child.name}` : child.name);
    };
    await walk(root, '');
    return files.sort(byPath);
  }

  // A directory over files already stored, as `ipfs add -r` would build it.
  async directoryOf(files: Array<{ path: string; cid: CID }>): Promise<CID> {
    try {
      return await buildDirectory(this.store, files);
    } catch (err) {
      if ((err as Error).message === 'DIRECTORY_TOO_LARGE') {
        throw new InvalidInputError(
          'files',
          'A folder holds too many files to link one by one; upload it as a folder and pass its rootCid.',
          'DIRECTORY_TOO_LARGE',
        );
      }
      if (isMissingBlock(err)) throw new NotFoundError('Content', 'one of the files');
      throw err;
    }
  }

  // A CARv1 for /ipfs/{root}/{path} as a trustless gateway answers it (car-scope.ts): rooted at `root`,
  // the blocks proving the path, then the terminal entity's in the scope asked for (every block of its
  // DAG by default), depth first, each once. The path and the first blocks are checked before the
  // answer starts, so a missing block or path is a 404, not a CAR cut short.
  async car(
    root: CID,
    path: readonly string[] = [],
    scope: DagScope = 'all',
    entityBytes?: EntityBytes,
  ): Promise<AsyncIterable<Uint8Array>> {
    if (!(await this.store.has(root))) throw new NotFoundError('Content', root.toString());
    const blocks = scopedBlocks(this.store, root, path, scope, entityBytes);
    const first = await blocks.next();
    const { writer, out } = CarWriter.create([root]);
    void (async () => {
      try {
        if (!first.done) await writer.put(first.value);
        for await (const block of blocks) await writer.put(block);
      } catch (err) {
        // Headers are gone by now: the CAR ends short and fails verification downstream.
        this.logger.error({ msg: 'CAR export stopped', root: root.toString(), err: String(err) });
      } finally {
        await writer.close();
      }
    })();
    return out;
  }
}
