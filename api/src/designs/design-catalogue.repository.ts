import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, Sql } from '../database/sql.js';
import type { Design, DesignSearch } from './designs.types.js';
import { toDesign } from './design-rows.js';

// The catalogue: designs found by their latest version's text, processes, materials and licence.
@Injectable()
export class DesignCatalogueRepository {
  constructor(private readonly sql: Sql) {}

  // Designs by their latest version, ranked by text when text is given, newest first otherwise;
  // keyset-paginated on (rank, id) or (published_at, id).
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
}
