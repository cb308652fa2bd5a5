import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import { DomainError, InvalidInputError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/transaction.js';
import { ContentService, parseCid } from '../ipfs/content.service.js';
import { DesignsRepository } from './designs.repository.js';
import type { Design, DesignVersion, FileRef, Manifest, ParentLink, ParentShare } from './designs.types.js';
import { parsePublishInput } from './publish-input.js';

// A version of another instance's design, as its Create or Update activity names it. Its manifest
// block (and the blocks it links) must already be in the content store, each re-hashed to its CID
// on the way in.
export interface RemoteVersionInput {
  designUrl: string; // the design's ActivityPub URL on its instance: one design here per URL
  versionUrl: string; // the version's ActivityPub object
  actorUrl: string; // who published it there (the activity's verified actor)
  cid: string; // the version's manifest CID
  publishedAt: Date;
}

const MAX_FILES = 10_000;

// Designs of other instances, mirrored: a remote version is stored like a local one (searchable,
// remixable, matched: CIDs are global), with its origin instead of a local publisher. The manifest
// is read from its verified block, not from the activity, and checked with the rules a local
// publication follows; what fails them is refused with a typed error and nothing is stored.
@Injectable()
export class RemoteDesignsService {
  private readonly logger = new Logger('federation');

  constructor(
    private readonly designs: DesignsRepository,
    private readonly content: ContentService,
    private readonly uow: UnitOfWork,
  ) {}

  async record(input: RemoteVersionInput): Promise<{ version: DesignVersion; created: boolean }> {
    const cid = parseCid(input.cid).toString();
    const manifest = this.readManifest(await this.content.getDagCbor<Record<string, unknown>>(CID.parse(cid)));
    return this.uow.run(async (tx) => {
      const known = await this.designs.findVersionByCid(cid, tx);
      if (known) return { version: known, created: false };
      let design = await this.designs.findDesignByOriginUrl(input.designUrl, tx);
      if (design && design.origin?.actorUrl !== input.actorUrl)
        throw new InvalidInputError(
          'actor',
          `${input.designUrl} belongs to ${design.origin?.actorUrl}, not ${input.actorUrl}.`,
          'NOT_OWNER',
        );
      const now = new Date();
      if (!design) {
        design = {
          id: randomUUID(),
          ownerAccountId: null,
          ownerOrganizationId: null,
          title: manifest.name,
          createdBy: null,
          createdAt: now,
          origin: { url: input.designUrl, actorUrl: input.actorUrl },
        } satisfies Design;
        await this.designs.insertDesign(tx, design);
      }
      const command = parsePublishInput({
        title: manifest.name,
        description: manifest.function ?? null,
        version: manifest.version ?? null,
        license: manifest.license,
        rootCid: manifest.root,
        files: manifest.files.map((f) => ({ path: f.path, cid: f.cid })),
        parts: manifest.parts,
        bom: manifest.bom,
        derivativeOf: manifest.derivativeOf,
      });
      manifest.parts = command.parts;
      manifest.bom = command.bom;
      const version: DesignVersion = {
        id: randomUUID(),
        designId: design.id,
        cid,
        rootCid: manifest.root,
        title: command.title,
        versionLabel: command.version ?? null,
        licences: manifest.license,
        licenceClass: command.licenceClass,
        manifest,
        publishedBy: null,
        // Its own date, unless it claims to come from the future.
        publishedAt: input.publishedAt.getTime() > now.getTime() ? now : input.publishedAt,
        origin: { url: input.versionUrl, actorUrl: input.actorUrl },
      };
      // Parents known here are linked (lineage and shares work as for local remixes); the others stay
      // named in the manifest, by CID.
      const parents = await this.designs.findVersionsByCids(
        manifest.derivativeOf.map((d) => d.versionCid),
        tx,
      );
      const byCid = new Map(parents.map((p) => [p.cid, p]));
      const links: ParentLink[] = manifest.derivativeOf.flatMap((d) => {
        const parent = byCid.get(d.versionCid);
        return parent ? [{ versionId: version.id, parentId: parent.id, relation: d.relation, shareBps: d.shareBps }] : [];
      });
      await this.designs.insertVersion(tx, version, links);
      const latest = await this.designs.latestPublishedAt(design.id, tx);
      if (!latest || latest.getTime() <= version.publishedAt.getTime()) await this.designs.setLatestVersion(tx, design.id, version);
      this.logger.log({ msg: 'remote design version mirrored', cid, origin: input.versionUrl, parents: links.length });
      return { version, created: true };
    });
  }

  // The manifest as the block holds it (files and parents as IPLD links), back in the stored shape;
  // anything else is not a design manifest.
  private readManifest(block: Record<string, unknown>): Manifest {
    const fail = (what: string): never => {
      throw new InvalidInputError('manifest', `The block is not a design manifest: ${what}.`, 'INVALID_MANIFEST');
    };
    if (!block || typeof block !== 'object') fail('not a map');
    const str = (key: string, optional = false): string | undefined => {
      const v = block[key];
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string') return fail(`${key} is not text`);
      return v;
    };
    const list = (key: string): unknown[] => {
      const v = block[key] ?? [];
      return Array.isArray(v) ? v : fail(`${key} is not a list`);
    };
    const license = block.license as Manifest['license'] | undefined;
    if (!license || typeof license !== 'object' || typeof license.hardware !== 'string') fail('license.hardware is missing');
    const rootCid = parseRoot(block.root) ?? fail('root is not a CID');
    const files: FileRef[] = list('files').map((f) => {
      const file = f as { path?: unknown; cid?: unknown; size?: unknown };
      const cid = CID.asCID(file.cid) ?? (typeof file.cid === 'string' ? tryCid(file.cid) : null);
      if (typeof file.path !== 'string' || !cid || typeof file.size !== 'number') return fail('a file lacks its path, CID or size');
      return { path: file.path, cid: cid.toString(), size: file.size };
    });
    if (files.length > MAX_FILES) fail(`more than ${MAX_FILES} files`);
    const derivativeOf: ParentShare[] = list('derivativeOf').map((d) => {
      const parent = d as { versionCid?: unknown; version?: unknown; shareBps?: unknown; relation?: unknown };
      const cid = CID.asCID(parent.version) ?? (typeof parent.versionCid === 'string' ? tryCid(parent.versionCid) : null);
      if (!cid || typeof parent.shareBps !== 'number' || typeof parent.relation !== 'string')
        return fail('a parent lacks its CID or share');
      return { versionCid: cid.toString(), shareBps: parent.shareBps, relation: parent.relation as ParentShare['relation'] };
    });
    try {
      return {
        okhv: str('okhv')!,
        name: str('name')!,
        ...(str('version', true) !== undefined && { version: str('version')! }),
        ...(str('function', true) !== undefined && { function: str('function')! }),
        licensor: str('licensor')!,
        license: {
          hardware: license!.hardware,
          ...(typeof license!.documentation === 'string' && { documentation: license!.documentation }),
          ...(typeof license!.software === 'string' && { software: license!.software }),
        },
        root: rootCid.toString(),
        files,
        parts: list('parts') as Manifest['parts'],
        bom: list('bom') as Manifest['bom'],
        derivativeOf,
        publishedAt: str('publishedAt')!,
        ...(block.notes !== undefined && { notes: list('notes').map(String) }),
      };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      return fail(String(err));
    }
  }
}

function tryCid(value: string): CID | null {
  try {
    return CID.parse(value);
  } catch {
    return null;
  }
}

function parseRoot(value: unknown): CID | null {
  return CID.asCID(value) ?? (typeof value === 'string' ? tryCid(value) : null);
}
