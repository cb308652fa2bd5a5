import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AccessService } from '../access/access.service.js';
import { CID } from 'multiformats/cid';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { connectionFromPage, pageSize } from '../common/graphql/connection.js';
import type { Tx } from '../database/transaction.js';
import { AccountsService } from '../identity/accounts.service.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { ContentService, parseCid } from '../ipfs/content.service.js';
import { byPath } from '../ipfs/unixfs.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { DesignCatalogueRepository } from './design-catalogue.repository.js';
import { DesignLineageRepository } from './design-lineage.repository.js';
import { DesignsRepository } from './designs.repository.js';
import type { Design, DesignVersion, DesignVersionHead, FileRef, ParentLink } from './designs.types.js';

import { parsePublishInput, type PublishCommand, type PublishInput } from './publish-input.js';
import { buildManifest } from './design-manifest.js';
import { requireCompatibleLicences } from './remix-licences.js';
import type { PageRead, ReadAhead } from './design-catalogue-read-ahead.js';
import { parseDesignSearch, parseSearchCursor, type CountedConnection } from './design-search.js';

export const MAX_LINEAGE_DEPTH = 10_000;

@Injectable()
export class DesignsService {
  constructor(
    private readonly designs: DesignsRepository,
    private readonly catalogue: DesignCatalogueRepository,
    private readonly lineages: DesignLineageRepository,
    private readonly access: AccessService,
    private readonly content: ContentService,
    private readonly organizations: OrganizationsService,
    private readonly accounts: AccountsService,
    private readonly outbox: OutboxRepository,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'federation'>,
  ) {}

  // Publishes an immutable version: files checked on IPFS, manifest stored as dag-cbor
  // (its CID names the version), rows and outbox events in one transaction.
  // With an idempotency key, a repeat of the same request answers with the first one's version.
  async publish(
    viewer: Viewer,
    input: PublishInput,
    idempotency: { key?: string | null; operation?: string } = {},
  ): Promise<DesignVersion> {
    const idempotent = { viewer, operation: idempotency.operation ?? 'publishDesignVersion', key: idempotency.key, input };
    const earlier = await this.idempotency.replay(idempotent);
    if (earlier) return this.versionById(earlier);
    const cmd = parsePublishInput(input);
    const agent = await this.accounts.me(viewer);
    if (!agent) throw new NotFoundError('Account', viewer.accountId);
    const existing = cmd.designId ? await this.requireDesignAccess(viewer, cmd.designId) : undefined;
    if (!existing && cmd.organizationId)
      await this.access.require(viewer, 'organization:publish-design', await this.organizations.get(cmd.organizationId));

    const { root, files } = await this.resolveFiles(cmd);
    const parents = await this.resolveParents(cmd);
    await this.checkRemixLicences(cmd, parents, existing);
    const publishedAt = new Date();
    const manifest = buildManifest(cmd, agent.did, root, files, publishedAt);
    // The block links its files and parents as real IPLD links, so the manifest's DAG holds the design.
    const cid = await this.content.putDagCbor({
      ...manifest,
      root,
      files: files.map((f) => ({ ...f, cid: CID.parse(f.cid) })),
      derivativeOf: cmd.derivativeOf.map((d) => ({ ...d, version: CID.parse(d.versionCid) })),
    });

    const design: Design = existing ?? {
      id: randomUUID(),
      ownerAccountId: cmd.organizationId ? null : viewer.accountId,
      ownerOrganizationId: cmd.organizationId ?? null,
      title: cmd.title,
      createdBy: viewer.accountId,
      createdAt: publishedAt,
      origin: null,
    };
    const version: DesignVersion = {
      id: randomUUID(),
      designId: design.id,
      cid: cid.toString(),
      rootCid: root.toString(),
      title: cmd.title,
      versionLabel: cmd.version ?? null,
      licences: manifest.license,
      licenceClass: cmd.licenceClass,
      manifest,
      publishedBy: viewer.accountId,
      publishedAt,
      origin: null,
    };
    const links: ParentLink[] = parents.map((p) => ({
      versionId: version.id,
      parentId: p.parent.id,
      relation: p.relation,
      shareBps: p.shareBps,
    }));
    return this.idempotency.transaction(
      idempotent,
      async (tx) => {
        if (!existing) await this.designs.insertDesign(tx, design);
        await this.designs.insertVersion(tx, version, links);
        await this.designs.setLatestVersion(tx, design.id, version);
        const payload = {
          agentId: viewer.accountId,
          agentDid: agent.did,
          designId: design.id,
          versionId: version.id,
          versionCid: version.cid,
          organizationId: design.ownerOrganizationId,
          parents: cmd.derivativeOf.map((d) => ({ versionCid: d.versionCid, shareBps: d.shareBps, relation: d.relation })),
        };
        await this.outbox.append(tx, { type: 'design.published', aggregateType: 'design', aggregateId: design.id, payload });
        if (links.length)
          await this.outbox.append(tx, { type: 'design.remixed', aggregateType: 'design', aggregateId: design.id, payload });
        return { result: version, ref: version.id };
      },
      (id) => this.versionById(id),
    );
  }

  // The catalogue. Filters combine with AND; `licenseClass` accepts several classes.
  async search(
    filter: {
      text?: string | null;
      process?: string | null;
      material?: string | null;
      licenseClasses?: string[] | null;
      organizationId?: string | null;
      origin?: string | null;
    },
    args: { first?: number | null; after?: string | null; withTotal?: boolean; ahead?: ReadAhead },
  ): Promise<CountedConnection<Design> & { read: PageRead }> {
    const size = pageSize(args.first);
    // Designs of instances this one no longer federates with are out of the catalogue.
    const search = {
      ...parseDesignSearch(filter),
      hiddenHosts: this.config.federation.blockedHosts,
      onlyHosts: this.config.federation.allowedHosts,
    };
    const after = parseSearchCursor(args.after, search);
    const { rows, total } = await this.catalogue.search(search, size + 1, after, args.withTotal ?? true, args.ahead);
    // Not counted when not asked for; the fields are then never sent. Counting stops at
    // COUNT_BOUND: past it, totalCount is the bound and totalCountCapped says there are more.
    const page = connectionFromPage(rows, (r) => r.key.join('|'), { size, after: args.after, totalCount: total?.value ?? -1 });
    const edges = page.edges.map((e) => ({ cursor: e.cursor, node: e.node.design }));
    const read = { latest: rows.flatMap((r) => r.latest ?? []), owners: rows.flatMap((r) => r.owners ?? []) };
    return { ...page, edges, totalCountCapped: total?.capped ?? false, read };
  }

  async design(id: string): Promise<Design> {
    const design = await this.designs.findDesign(id);
    if (!design) throw new NotFoundError('Design', id);
    return design;
  }

  // The design this account created under this title (its latest version's), if any.
  async designCreatedBy(accountId: string, title: string): Promise<Design | null> {
    return this.designs.findByCreatorAndTitle(accountId, title);
  }

  // Whether anyone but these accounts created a design.
  async anyDesignCreatedOutside(accountIds: readonly string[]): Promise<boolean> {
    return this.designs.anyCreatedOutside(accountIds);
  }

  // Pass `tx` inside a transaction (e.g. a domain event handler) so the lookup uses it.
  async versionByCid(rawCid: string, tx?: Tx): Promise<DesignVersion> {
    const cid = parseCid(rawCid).toString();
    const version = await this.designs.findVersionByCid(cid, tx);
    if (!version) throw new NotFoundError('DesignVersion', cid);
    return version;
  }

  // Which of these version CIDs are here (local or mirrored).
  async knownVersionCids(cids: readonly string[]): Promise<Set<string>> {
    return new Set(await this.designs.storedCids(cids));
  }

  // What an organization published here, newest first (its ActivityPub outbox).
  async versionsPublishedFor(organizationId: string, limit: number, before?: { publishedAt: Date; id: string }) {
    return this.designs.versionsPublishedFor(organizationId, limit, before);
  }

  async versionById(id: string): Promise<DesignVersion> {
    const [version] = await this.designs.findVersions([id]);
    if (!version) throw new NotFoundError('DesignVersion', id);
    return version;
  }

  async versionsOfDesign(designId: string, limit: number, before?: { publishedAt: Date; id: string }) {
    return this.designs.versionsOfDesign(designId, limit, before);
  }

  // The same page without the manifests.
  async versionHeadsOfDesign(designId: string, limit: number, before?: { publishedAt: Date; id: string }) {
    return this.designs.versionHeadsOfDesign(designId, limit, before);
  }

  async countVersions(designId: string): Promise<number> {
    return this.designs.countVersionsOfDesign(designId);
  }

  async lineage(
    versionId: string,
    direction: 'ancestors' | 'descendants',
    depth: number,
  ): Promise<Array<{ depth: number; version: DesignVersionHead }>> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_LINEAGE_DEPTH) {
      throw new InvalidInputError('depth', `depth must be between 1 and ${MAX_LINEAGE_DEPTH}.`, 'OUT_OF_RANGE');
    }
    const found = await this.lineages.lineage(versionId, direction, depth, MAX_LINEAGE_DEPTH);
    const versions = new Map((await this.designs.findVersionHeads(found.map((f) => f.id))).map((v) => [v.id, v]));
    return found.map((f) => ({ depth: f.depth, version: versions.get(f.id)! }));
  }

  private async requireDesignAccess(viewer: Viewer, designId: string): Promise<Design> {
    const design = await this.designs.findDesign(designId);
    if (!design) throw new NotFoundError('Design', designId);
    await this.access.require(viewer, 'design:publish-version', design);
    return design;
  }

  private async resolveFiles(cmd: PublishCommand): Promise<{ root: CID; files: FileRef[] }> {
    if (cmd.rootCid) {
      const root = parseCid(cmd.rootCid, 'rootCid');
      const listed = await this.content.listFiles(root);
      const listedCids = new Map(listed.map((f) => [f.path, f.cid.toString()]));
      cmd.files.forEach((f, i) => {
        if (listedCids.get(f.path) !== parseCid(f.cid, `files[${i}].cid`).toString()) {
          throw new InvalidInputError(`files[${i}]`, `"${f.path}" with CID ${f.cid} is not in ${root}.`, 'NOT_IN_ROOT');
        }
      });
      return { root, files: listed.map((f) => ({ path: f.path, cid: f.cid.toString(), size: f.size })) };
    }
    const files: FileRef[] = [];
    for (const [i, f] of cmd.files.entries()) {
      const cid = parseCid(f.cid, `files[${i}].cid`);
      const entry = await this.content.resolve(cid);
      if (entry.type === 'directory')
        throw new InvalidInputError(`files[${i}].cid`, `${cid} is a directory; pass it as rootCid.`, 'NOT_A_FILE');
      files.push({ path: f.path, cid: cid.toString(), size: Number(entry.size) });
    }
    const root = await this.content.directoryOf(files.map((f) => ({ path: f.path, cid: CID.parse(f.cid) })));
    return { root, files: files.sort(byPath) };
  }

  // A remix inherits its parents' restrictions (licence-compatibility.ts): every parent it names,
  // and for a new version of a design every other design its versions were made from, must
  // allow the licences this version carries. The design's own earlier versions are its owner's
  // to relicense. Checked before anything is stored.
  private async checkRemixLicences(
    cmd: PublishCommand,
    parents: Array<{ parent: DesignVersion }>,
    existing: Design | undefined,
  ): Promise<void> {
    const constraints = parents.flatMap((p, i) =>
      p.parent.designId === existing?.id ? [] : [{ parent: p.parent, index: i as number | null }],
    );
    if (existing) {
      const named = new Set(constraints.map((c) => c.parent.id));
      for (const parent of await this.lineages.externalParentsOfDesign(existing.id))
        if (!named.has(parent.id)) constraints.push({ parent, index: null });
    }
    requireCompatibleLicences(cmd, constraints);
  }

  private async resolveParents(cmd: PublishCommand) {
    if (!cmd.derivativeOf.length) return [];
    const cids = cmd.derivativeOf.map((d, i) => parseCid(d.versionCid, `derivativeOf[${i}].versionCid`).toString());
    const found = new Map((await this.designs.findVersionsByCids(cids)).map((v) => [v.cid, v]));
    return cmd.derivativeOf.map((d, i) => {
      const parent = found.get(cids[i]!);
      if (!parent) throw new NotFoundError('DesignVersion', cids[i]!);
      return { parent, shareBps: d.shareBps, relation: d.relation };
    });
  }
}
