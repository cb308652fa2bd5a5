import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { sql as raw } from 'kysely';
import { db, prepared, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { Design, DesignVersion, DesignVersionHead, ManifestField, ManifestFields, ParentLink } from './designs.types.js';
import { DESIGN_COLUMNS, toDesign, toVersion, toVersionHead, versionHeads, versions } from './design-rows.js';

type VersionKey = { publishedAt: Date; id: string };

// A design's versions, newest first, after `before` when given.
function newestFirst<Q extends ReturnType<typeof versionHeads>>(query: Q, designId: string, limit: number, before?: VersionKey): Q {
  let page = query.where('design_id', '=', designId).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (before) page = page.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(before.publishedAt, before.id)));
  return page as Q;
}

// Designs and their immutable versions (with the parent links each version is published with),
// written on publish and found by id or CID. Searching is DesignCatalogueRepository's, following
// links DesignLineageRepository's.
@Injectable()
export class DesignsRepository {
  constructor(private readonly sql: Sql) {}

  async insertDesign(tx: Tx, design: Design): Promise<void> {
    await this.sql.run(
      db.insertInto('designs').values({
        id: design.id,
        owner_account_id: design.ownerAccountId,
        owner_organization_id: design.ownerOrganizationId,
        title: design.title,
        created_by: design.createdBy,
        created_at: design.createdAt,
        latest_version_id: null,
        origin_url: design.origin?.url ?? null,
        origin_actor_url: design.origin?.actorUrl ?? null,
      }),
      tx,
    );
  }

  // A design shows its latest version's title.
  async setLatestVersion(tx: Tx, designId: string, version: { id: string; title: string }): Promise<void> {
    await this.sql.run(
      db.updateTable('designs').set({ latest_version_id: version.id, title: version.title }).where('id', '=', designId),
      tx,
    );
  }

  async insertVersion(tx: Tx, version: DesignVersion, parents: ParentLink[]): Promise<void> {
    try {
      await this.sql.run(
        db.insertInto('design_versions').values({
          id: version.id,
          design_id: version.designId,
          cid: version.cid,
          root_cid: version.rootCid,
          title: version.title,
          version_label: version.versionLabel,
          licence_hardware: version.licences.hardware,
          licence_documentation: version.licences.documentation ?? null,
          licence_software: version.licences.software ?? null,
          licence_class: version.licenceClass,
          manifest: JSON.stringify(version.manifest),
          published_by: version.publishedBy,
          published_at: version.publishedAt,
          origin_url: version.origin?.url ?? null,
          origin_actor_url: version.origin?.actorUrl ?? null,
          // Denormalized for the catalogue's filters.
          processes: [...new Set(version.manifest.parts.flatMap((p) => (p.process ? [p.process] : [])))],
          materials: [...new Set(version.manifest.parts.flatMap((p) => (p.material ? [p.material.toLowerCase()] : [])))],
        }),
        tx,
      );
    } catch (err) {
      if (isUniqueViolation(err, 'design_versions_cid_key'))
        throw new ConflictError('This exact version is already published.', { cid: version.cid });
      throw err;
    }
    if (parents.length) {
      await this.sql.run(
        db
          .insertInto('design_version_parents')
          .values(parents.map((l) => ({ version_id: l.versionId, parent_id: l.parentId, relation: l.relation, share_bps: l.shareBps }))),
        tx,
      );
    }
  }

  async findDesign(id: string, tx?: Tx): Promise<Design | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(db.selectFrom('designs').select(DESIGN_COLUMNS).where('id', '=', id), tx);
    return row ? toDesign(row) : null;
  }

  // The versions an organization published here, newest first, after `before` when given (its
  // ActivityPub outbox).
  async versionsPublishedFor(organizationId: string, limit: number, before?: VersionKey): Promise<DesignVersion[]> {
    let page = versions()
      .where('design_id', 'in', db.selectFrom('designs').select('id').where('owner_organization_id', '=', organizationId))
      .where('origin_url', 'is', null)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (before) page = page.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(before.publishedAt, before.id)));
    return (await this.sql.all(page)).map(toVersion);
  }

  // A design of another instance, by its ActivityPub URL there.
  async findDesignByOriginUrl(url: string, tx?: Tx): Promise<Design | null> {
    const row = await this.sql.first(db.selectFrom('designs').select(DESIGN_COLUMNS).where('origin_url', '=', url), tx);
    return row ? toDesign(row) : null;
  }

  // When the design's latest version was published (null before its first).
  async latestPublishedAt(designId: string, tx?: Tx): Promise<Date | null> {
    const row = await this.sql.first(
      db
        .selectFrom('designs as d')
        .innerJoin('design_versions as v', 'v.id', 'd.latest_version_id')
        .select('v.published_at')
        .where('d.id', '=', designId),
      tx,
    );
    return row?.published_at ?? null;
  }

  async findDesigns(ids: readonly string[]): Promise<Design[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(db.selectFrom('designs').select(DESIGN_COLUMNS).where('id', 'in', valid))).map(toDesign) : [];
  }

  async findByCreatorAndTitle(createdBy: string, title: string): Promise<Design | null> {
    const row = await this.sql.first(
      db.selectFrom('designs').select(DESIGN_COLUMNS).where('created_by', '=', createdBy).where('title', '=', title),
    );
    return row ? toDesign(row) : null;
  }

  // Whether any design was created by someone other than these accounts (any design when none is given).
  async anyCreatedOutside(accountIds: readonly string[]): Promise<boolean> {
    const query = db.selectFrom('designs').select('id').limit(1);
    return !!(await this.sql.first(accountIds.length ? query.where('created_by', 'not in', [...accountIds]) : query));
  }

  async findVersionByCid(cid: string, tx?: Tx): Promise<DesignVersion | null> {
    const row = await this.sql.first(versions().where('cid', '=', cid), tx);
    return row ? toVersion(row) : null;
  }

  // Which of these version CIDs are stored (without reading the versions).
  async storedCids(cids: readonly string[]): Promise<string[]> {
    if (!cids.length) return [];
    return (
      await this.sql.all(
        db
          .selectFrom('design_versions')
          .select('cid')
          .where('cid', 'in', [...cids]),
      )
    ).map((r) => r.cid);
  }

  async findVersionsByCids(cids: string[], tx?: Tx): Promise<DesignVersion[]> {
    if (!cids.length) return [];
    return (await this.sql.all(versions().where('cid', 'in', cids), tx)).map(toVersion);
  }

  async findVersions(ids: readonly string[]): Promise<DesignVersion[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(versions().where('id', 'in', valid))).map(toVersion) : [];
  }

  async findVersionHeads(ids: readonly string[]): Promise<DesignVersionHead[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(versionHeads().where('id', 'in', valid))).map(toVersionHead) : [];
  }

  // Some fields of these versions' manifests, by version id, without reading the rest of each
  // document (its file list, for one, can be long).
  async manifestFields<K extends ManifestField>(
    versionIds: readonly string[],
    fields: readonly K[],
  ): Promise<Array<{ id: string; fields: ManifestFields<K> }>> {
    const valid = versionIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('design_versions')
        .select(['id', manifestSubset<K>(fields)])
        .where('id', 'in', valid),
    );
    return rows.map((r) => ({ id: r.id, fields: r.fields as ManifestFields<K> }));
  }

  // Newest first, keyset-paginated by (published_at, id).
  async versionsOfDesign(designId: string, limit: number, before?: VersionKey): Promise<DesignVersion[]> {
    return (await this.sql.all(newestFirst(versions(), designId, limit, before))).map(toVersion);
  }

  // The same page without the manifests.
  async versionHeadsOfDesign(designId: string, limit: number, before?: VersionKey): Promise<DesignVersionHead[]> {
    return (await this.sql.all(newestFirst(versionHeads(), designId, limit, before))).map(toVersionHead);
  }

  async countVersionsOfDesign(designId: string): Promise<number> {
    const row = await this.sql.first(
      db
        .selectFrom('design_versions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('design_id', '=', designId),
    );
    return Number(row?.n ?? 0);
  }

  // Each design's latest version (the one it points at, as the catalogue reads it) without its
  // manifest, but for the manifest fields asked for: two primary-key lookups per design.
  async latestVersionHeads<K extends ManifestField>(
    designIds: readonly string[],
    fields: readonly K[] = [],
  ): Promise<Array<{ head: DesignVersionHead; fields: ManifestFields<K> | null }>> {
    const valid = designIds.filter(isUuid);
    if (!valid.length) return [];
    // One array parameter: the same text, prepared once per connection, for any number of designs.
    const latest = db
      .selectFrom('designs')
      .select('latest_version_id')
      .where(raw<boolean>`id = ANY(${valid}::uuid[])`);
    const query = versionHeads()
      .where('id', 'in', latest)
      .select(fields.length ? manifestSubset<K>(fields) : raw<ManifestFields<K> | null>`null`.as('fields'));
    return (await this.sql.all(prepared(query))).map((r) => ({ head: toVersionHead(r), fields: r.fields as ManifestFields<K> | null }));
  }
}

// `fields`: an object of these fields of the row's manifest (null where the manifest has none).
export function manifestSubset<K extends ManifestField>(fields: readonly K[]) {
  const pairs = fields.map((f) => raw`${f}::text, manifest -> ${f}::text`);
  return raw<ManifestFields<K>>`jsonb_build_object(${raw.join(pairs)})`.as('fields');
}
