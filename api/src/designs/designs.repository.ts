import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { jsonObject, oneOf } from '../database/row-checks.js';
import { db, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import {
  LINEAGE_RELATIONS,
  type Design,
  type DesignSearch,
  type DesignVersion,
  type Licences,
  type Manifest,
  type ParentLink,
} from './designs.types.js';
import { LICENCE_CLASSES } from './licences.js';

type DesignRow = Pick<
  Selectable<DB['designs']>,
  'id' | 'owner_account_id' | 'owner_organization_id' | 'title' | 'created_by' | 'created_at'
>;
type VersionRow = Selectable<DB['design_versions']>;

function toDesign(r: DesignRow): Design {
  return {
    id: r.id,
    ownerAccountId: r.owner_account_id,
    ownerOrganizationId: r.owner_organization_id,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function toVersion(r: VersionRow): DesignVersion {
  const licences: Licences = { hardware: r.licence_hardware };
  if (r.licence_documentation) licences.documentation = r.licence_documentation;
  if (r.licence_software) licences.software = r.licence_software;
  return {
    id: r.id,
    designId: r.design_id,
    cid: r.cid,
    rootCid: r.root_cid,
    title: r.title,
    versionLabel: r.version_label,
    licences,
    licenceClass: oneOf(LICENCE_CLASSES, r.licence_class, 'design_versions.licence_class'),
    // Stored only after publish-input.ts validated it against the manifest schema.
    manifest: jsonObject(r.manifest, 'design_versions.manifest') as unknown as Manifest,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
  };
}

const DESIGN_COLUMNS = ['id', 'owner_account_id', 'owner_organization_id', 'title', 'created_by', 'created_at'] as const;
const versions = () => db.selectFrom('design_versions').selectAll();

@Injectable()
export class DesignsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

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

  async findVersionsByCids(cids: string[], tx?: Tx): Promise<DesignVersion[]> {
    if (!cids.length) return [];
    return (await this.sql.all(versions().where('cid', 'in', cids), tx)).map(toVersion);
  }

  async findVersions(ids: readonly string[]): Promise<DesignVersion[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(versions().where('id', 'in', valid))).map(toVersion) : [];
  }

  // The versions of other designs that any version of this design was made from: a new version
  // of a remix still owes them what their licences ask.
  async externalParentsOfDesign(designId: string): Promise<DesignVersion[]> {
    const parents = db
      .selectFrom('design_version_parents as l')
      .innerJoin('design_versions as v', 'v.id', 'l.version_id')
      .select('l.parent_id')
      .where('v.design_id', '=', designId);
    return (await this.sql.all(versions().where('id', 'in', parents).where('design_id', '<>', designId))).map(toVersion);
  }

  // Newest first, keyset-paginated by (published_at, id).
  async versionsOfDesign(designId: string, limit: number, before?: { publishedAt: Date; id: string }): Promise<DesignVersion[]> {
    let query = versions().where('design_id', '=', designId).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (before) query = query.where((eb) => eb(eb.refTuple('published_at', 'id'), '<', eb.tuple(before.publishedAt, before.id)));
    return (await this.sql.all(query)).map(toVersion);
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

  async latestVersions(designIds: readonly string[]): Promise<DesignVersion[]> {
    const valid = designIds.filter(isUuid);
    if (!valid.length) return [];
    const query = versions().distinctOn('design_id').where('design_id', 'in', valid).orderBy('design_id').orderBy('published_at', 'desc');
    return (await this.sql.all(query)).map(toVersion);
  }

  // The catalogue: designs by their latest version, ranked by text when text is given,
  // newest first otherwise; keyset-paginated on (rank, id) or (published_at, id).
  async search(
    filter: DesignSearch,
    limit: number,
    after?: string[],
    withTotal = true,
  ): Promise<{ rows: Array<{ design: Design; key: string[] }>; total: number | null }> {
    const tsquery = filter.text ? raw`websearch_to_tsquery('english', ${filter.text})` : null;
    const rank = tsquery ? raw<number>`ts_rank_cd(v.search, ${tsquery})` : raw<number>`0::real`;
    let base = db.selectFrom('designs as d').innerJoin('design_versions as v', 'v.id', 'd.latest_version_id');
    if (tsquery) base = base.where(raw<boolean>`v.search @@ ${tsquery}`);
    if (filter.process) base = base.where(raw<boolean>`v.processes @> ARRAY[${filter.process}]::text[]`);
    if (filter.material) base = base.where(raw<boolean>`v.materials @> ARRAY[${filter.material.toLowerCase()}]::text[]`);
    if (filter.licenceClasses?.length) base = base.where(raw<boolean>`v.licence_class = ANY(${[...filter.licenceClasses]}::text[])`);
    if (filter.organizationId) base = base.where('d.owner_organization_id', '=', filter.organizationId);
    // Each design has one latest version, so (…, v.id) orders designs totally.
    const first = tsquery ? rank : raw<Date>`v.published_at`;
    let page = base
      .select(['d.id', 'd.owner_account_id', 'd.owner_organization_id', 'd.title', 'd.created_by', 'd.created_at', 'v.id as version_id'])
      .select([
        raw<string>`${rank}::text`.as('rank'),
        raw<string>`to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('published'),
      ])
      .orderBy(first, 'desc')
      .orderBy('v.id', 'desc')
      .limit(limit);
    if (after) {
      const [key, id] = after;
      const cast = tsquery ? raw`${key}::real` : raw`${key}::timestamptz`;
      page = page.where(raw<boolean>`(${first}, v.id) < (${cast}, ${id}::uuid)`);
    }
    const rows = await this.sql.all(page);
    // Counting every match costs more than the page itself; only when asked for.
    const total = withTotal ? Number((await this.sql.first(base.select((eb) => eb.fn.countAll<string>().as('n'))))?.n ?? 0) : null;
    return { total, rows: rows.map((r) => ({ design: toDesign(r), key: [tsquery ? r.rank : r.published, r.version_id] })) };
  }

  async parentsOf(versionIds: readonly string[]): Promise<ParentLink[]> {
    const valid = versionIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(db.selectFrom('design_version_parents').selectAll().where('version_id', 'in', valid));
    return rows.map((r) => ({
      versionId: r.version_id,
      parentId: r.parent_id,
      relation: oneOf(LINEAGE_RELATIONS, r.relation, 'design_version_parents.relation'),
      shareBps: r.share_bps,
    }));
  }

  // Versions reachable along parent links (ancestors) or child links (descendants),
  // each at its shortest distance, up to `depth` steps and `limit` results.
  async lineage(
    versionId: string,
    direction: 'ancestors' | 'descendants',
    depth: number,
    limit: number,
  ): Promise<Array<{ id: string; depth: number }>> {
    const [from, to] = direction === 'ancestors' ? ['version_id', 'parent_id'] : ['parent_id', 'version_id'];
    // Lineage is acyclic by construction (parents exist before their children and never change);
    // the depth bound keeps the recursion finite regardless.
    return this.dataSource.transaction(async (m) => {
      // Each step follows one index lookup per frontier row. With stale statistics (fresh bulk
      // loads, or PGlite, which has no autovacuum) the planner otherwise hashes the whole edge
      // table at every step: 10,000 steps took 12 s instead of milliseconds.
      await m.query('SET LOCAL enable_hashjoin = off');
      await m.query('SET LOCAL enable_mergejoin = off');
      await m.query('SET LOCAL enable_seqscan = off');
      return this.lineageQuery(m, versionId, from, to, depth, limit);
    });
  }

  private async lineageQuery(
    m: EntityManager,
    versionId: string,
    from: string,
    to: string,
    depth: number,
    limit: number,
  ): Promise<Array<{ id: string; depth: number }>> {
    const rows: Array<{ id: string; depth: number }> = await m.query(
      `WITH RECURSIVE lineage(id, depth) AS (
         SELECT ${to}, 1 FROM design_version_parents WHERE ${from} = $1
         UNION
         SELECT p.${to}, l.depth + 1 FROM design_version_parents p JOIN lineage l ON p.${from} = l.id WHERE l.depth < $2
       )
       SELECT id, min(depth)::int AS depth FROM lineage GROUP BY id ORDER BY min(depth), id LIMIT $3`,
      [versionId, depth, limit],
    );
    return rows;
  }
}
