import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { isUuid } from '../common/uuid.js';
import { managerOf, type Tx } from '../database/transaction.js';
import { DesignVersionEntity, DesignVersionParentEntity } from './design-version.entity.js';
import { DesignEntity } from './design.entity.js';
import type { Design, DesignSearch, DesignVersion, Licences, Manifest, ParentLink } from './designs.types.js';
import type { LicenceClass } from './licences.js';

function toDesign(r: DesignEntity): Design {
  return { id: r.id, ownerAccountId: r.ownerAccountId, ownerOrganizationId: r.ownerOrganizationId, title: r.title, createdBy: r.createdBy, createdAt: r.createdAt };
}

function toVersion(r: DesignVersionEntity): DesignVersion {
  const licences: Licences = { hardware: r.licenceHardware };
  if (r.licenceDocumentation) licences.documentation = r.licenceDocumentation;
  if (r.licenceSoftware) licences.software = r.licenceSoftware;
  return {
    id: r.id,
    designId: r.designId,
    cid: r.cid,
    rootCid: r.rootCid,
    title: r.title,
    versionLabel: r.versionLabel,
    licences,
    licenceClass: r.licenceClass as LicenceClass,
    manifest: r.manifest as Manifest,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt,
  };
}

@Injectable()
export class DesignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertDesign(tx: Tx, design: Design): Promise<void> {
    await managerOf(this.dataSource, tx).insert(DesignEntity, { ...design, latestVersionId: null });
  }

  // A design shows its latest version's title.
  async setLatestVersion(tx: Tx, designId: string, version: { id: string; title: string }): Promise<void> {
    await managerOf(this.dataSource, tx).update(DesignEntity, { id: designId }, { latestVersionId: version.id, title: version.title });
  }

  async insertVersion(tx: Tx, version: DesignVersion, parents: ParentLink[]): Promise<void> {
    const m = managerOf(this.dataSource, tx);
    try {
      await m.insert(DesignVersionEntity, {
        id: version.id,
        designId: version.designId,
        cid: version.cid,
        rootCid: version.rootCid,
        title: version.title,
        versionLabel: version.versionLabel,
        licenceHardware: version.licences.hardware,
        licenceDocumentation: version.licences.documentation ?? null,
        licenceSoftware: version.licences.software ?? null,
        licenceClass: version.licenceClass,
        manifest: version.manifest,
        publishedBy: version.publishedBy,
        publishedAt: version.publishedAt,
        // Denormalized for the catalogue's filters.
        processes: [...new Set(version.manifest.parts.flatMap((p) => (p.process ? [p.process] : [])))],
        materials: [...new Set(version.manifest.parts.flatMap((p) => (p.material ? [p.material.toLowerCase()] : [])))],
      });
    } catch (err) {
      if (isUniqueViolation(err, 'design_versions_cid_key')) throw new ConflictError('This exact version is already published.', { cid: version.cid });
      throw err;
    }
    if (parents.length) await m.insert(DesignVersionParentEntity, parents);
  }

  async findDesign(id: string, tx?: Tx): Promise<Design | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx).findOneBy(DesignEntity, { id });
    return row ? toDesign(row) : null;
  }

  async findDesigns(ids: readonly string[]): Promise<Design[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.dataSource.manager.findBy(DesignEntity, { id: In(valid) })).map(toDesign) : [];
  }

  async findVersionByCid(cid: string, tx?: Tx): Promise<DesignVersion | null> {
    const row = await managerOf(this.dataSource, tx).findOneBy(DesignVersionEntity, { cid });
    return row ? toVersion(row) : null;
  }

  async findVersionsByCids(cids: string[], tx?: Tx): Promise<DesignVersion[]> {
    if (!cids.length) return [];
    return (await managerOf(this.dataSource, tx).findBy(DesignVersionEntity, { cid: In(cids) })).map(toVersion);
  }

  async findVersions(ids: readonly string[]): Promise<DesignVersion[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.dataSource.manager.findBy(DesignVersionEntity, { id: In(valid) })).map(toVersion) : [];
  }

  // The versions of other designs that any version of this design was made from: a new version
  // of a remix still owes them what their licences ask.
  async externalParentsOfDesign(designId: string): Promise<DesignVersion[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(DesignVersionEntity, 'p')
      .where('p.id IN (SELECT l.parent_id FROM design_version_parents l JOIN design_versions v ON v.id = l.version_id WHERE v.design_id = :designId)', { designId })
      .andWhere('p.design_id <> :designId', { designId })
      .getMany();
    return rows.map(toVersion);
  }

  // Newest first, keyset-paginated by (published_at, id).
  async versionsOfDesign(designId: string, limit: number, before?: { publishedAt: Date; id: string }): Promise<DesignVersion[]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(DesignVersionEntity, 'v')
      .where('v.design_id = :designId', { designId })
      .orderBy('v.published_at', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .limit(limit);
    if (before) qb.andWhere('(v.published_at, v.id) < (:at, :id)', { at: before.publishedAt, id: before.id });
    return (await qb.getMany()).map(toVersion);
  }

  async countVersionsOfDesign(designId: string): Promise<number> {
    return this.dataSource.manager.countBy(DesignVersionEntity, { designId });
  }

  async latestVersions(designIds: readonly string[]): Promise<DesignVersion[]> {
    const valid = designIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.dataSource.manager
      .createQueryBuilder(DesignVersionEntity, 'v')
      .distinctOn(['v.design_id'])
      .where('v.design_id IN (:...ids)', { ids: valid })
      .orderBy('v.design_id')
      .addOrderBy('v.published_at', 'DESC')
      .getMany();
    return rows.map(toVersion);
  }

  // The catalogue: designs by their latest version, ranked by text when text is given,
  // newest first otherwise; keyset-paginated on (rank, id) or (published_at, id).
  async search(
    filter: DesignSearch,
    limit: number,
    after?: string[],
    withTotal = true,
  ): Promise<{ rows: Array<{ design: Design; key: string[] }>; total: number | null }> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    let rank = '0::real';
    if (filter.text) {
      const query = `websearch_to_tsquery('english', ${p(filter.text)})`;
      where.push(`v.search @@ ${query}`);
      rank = `ts_rank_cd(v.search, ${query})`;
    }
    if (filter.process) where.push(`v.processes @> ARRAY[${p(filter.process)}]::text[]`);
    if (filter.material) where.push(`v.materials @> ARRAY[${p(filter.material.toLowerCase())}]::text[]`);
    if (filter.licenceClasses?.length) where.push(`v.licence_class = ANY(${p(filter.licenceClasses)}::text[])`);
    if (filter.organizationId) where.push(`d.owner_organization_id = ${p(filter.organizationId)}`);
    const base = `FROM designs d JOIN design_versions v ON v.id = d.latest_version_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const countParams = [...params];
    // Each design has one latest version, so (…, v.id) orders designs totally.
    const order = filter.text ? [rank, 'v.id'] : ['v.published_at', 'v.id'];
    let page = '';
    if (after) {
      const [first, id] = after;
      const cast = filter.text ? '::real' : '::timestamptz';
      page = `${where.length ? 'AND' : 'WHERE'} (${order[0]}, v.id) < (${p(first)}${cast}, ${p(id)}::uuid)`;
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT d.id, d.owner_account_id, d.owner_organization_id, d.title, d.created_by, d.created_at, v.id AS version_id,
              ${rank}::text AS rank, to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS published
       ${base} ${page}
       ORDER BY ${order[0]} DESC, v.id DESC LIMIT ${p(limit)}`,
      params,
    );
    // Counting every match costs more than the page itself; only when asked for.
    const total = withTotal ? (await this.dataSource.query(`SELECT count(*)::int AS n ${base}`, countParams))[0].n : null;
    return {
      total,
      rows: rows.map((r) => ({
        design: toDesign({
          id: r.id,
          ownerAccountId: r.owner_account_id,
          ownerOrganizationId: r.owner_organization_id,
          title: r.title,
          createdBy: r.created_by,
          createdAt: new Date(r.created_at as string),
        } as DesignEntity),
        key: [String(filter.text ? r.rank : r.published), String(r.version_id)],
      })),
    };
  }

  async parentsOf(versionIds: readonly string[]): Promise<ParentLink[]> {
    const valid = versionIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.dataSource.manager.findBy(DesignVersionParentEntity, { versionId: In(valid) });
    return rows.map((r) => ({ versionId: r.versionId, parentId: r.parentId, relation: r.relation as ParentLink['relation'], shareBps: r.shareBps }));
  }

  // Versions reachable along parent links (ancestors) or child links (descendants),
  // each at its shortest distance, up to `depth` steps and `limit` results.
  async lineage(versionId: string, direction: 'ancestors' | 'descendants', depth: number, limit: number): Promise<Array<{ id: string; depth: number }>> {
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
