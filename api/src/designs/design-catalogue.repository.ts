import { Injectable } from '@nestjs/common';
import { sql as raw, type RawBuilder } from 'kysely';
import { db, Sql } from '../database/sql.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { SUMMARY_FIELDS, type Design, type DesignSearch } from './designs.types.js';
import { manifestSubset } from './designs.repository.js';
import { toDesign } from './design-rows.js';
import {
  latestOf,
  ownersOf,
  LATEST_COLUMNS,
  OWNER_COLUMNS,
  type LatestVersionRead,
  type OwnersRead,
  type ReadAhead,
} from './design-catalogue-read-ahead.js';
import {
  boundedCount,
  COUNT_BOUND,
  nextWindow,
  plainWords,
  startOf,
  type BoundedCount,
  type SearchTier,
  type SearchWindow,
} from './design-search.js';

// How many matches of one tier are ranked together. A common word matches tens of thousands of
// designs; ranking every one before keeping the best 20 made a search's cost grow with the
// catalogue. A tier is read instead in windows: its first RANK_WINDOW matches in the order its
// index yields them (a bounded candidate set, cheap to fetch), ranked, and paged through; then the
// next RANK_WINDOW, ranked; and so on. A page costs one window whatever the catalogue's size, the
// best matches of the first window come first, and paging still reaches every match.
export const RANK_WINDOW = 200;

// Titles whose words come this close to the searched text (pg_trgm word similarity, 0–1) are
// offered when nothing matches exactly: "lom" is 0.5 from "loom". They are suggestions: one
// window of them.
export const SIMILAR_TITLE = 0.5;

type Page = {
  rows: Array<{ design: Design; key: string[]; latest?: LatestVersionRead; owners?: OwnersRead }>;
  total: BoundedCount | null;
};

// Designs by their latest version, with the filters that do not involve the text. With text, the
// text index bounds the candidates and the process and material are checked on each candidate
// (`= ANY`, which their GIN indexes do not answer): a common process's posting list has tens of
// thousands of entries, and the planner, combining it with the text index (BitmapAnd), would read
// them all, a cost that grows with the catalogue. Browsing uses the indexes.
function catalogue(filter: DesignSearch) {
  let base = db.selectFrom('designs as d').innerJoin('design_versions as v', 'v.id', 'd.latest_version_id');
  const material = filter.material?.toLowerCase();
  if (filter.text) {
    if (filter.process) base = base.where(raw<boolean>`${filter.process} = ANY(v.processes)`);
    if (material) base = base.where(raw<boolean>`${material} = ANY(v.materials)`);
  } else {
    if (filter.process) base = base.where(raw<boolean>`v.processes @> ARRAY[${filter.process}]::text[]`);
    if (material) base = base.where(raw<boolean>`v.materials @> ARRAY[${material}]::text[]`);
  }
  if (filter.licenceClasses?.length) base = base.where(raw<boolean>`v.licence_class = ANY(${[...filter.licenceClasses]}::text[])`);
  if (filter.organizationId) base = base.where('d.owner_organization_id', '=', filter.organizationId);
  if (filter.origin) base = base.where('d.origin_url', filter.origin === 'LOCAL' ? 'is' : 'is not', null);
  // The host of a remote design's actor URL (scheme://host/…) against the instance lists.
  const host = raw<string>`lower(split_part(d.origin_actor_url, '/', 3))`;
  if (filter.hiddenHosts?.length)
    base = base.where(raw<boolean>`(d.origin_actor_url IS NULL OR ${host} <> ALL(${[...filter.hiddenHosts]}::text[]))`);
  if (filter.onlyHosts?.length)
    base = base.where(raw<boolean>`(d.origin_actor_url IS NULL OR ${host} = ANY(${[...filter.onlyHosts]}::text[]))`);
  return base;
}

const COLUMNS = [
  'd.id',
  'd.owner_account_id',
  'd.owner_organization_id',
  'd.title',
  'd.created_by',
  'd.created_at',
  'd.origin_url',
  'd.origin_actor_url',
  'v.id as version_id',
] as const;

// Which designs a tier holds and how it scores them (see design-search.ts for the score ranges).
// Titles are ranked on the title-only vector (a few words, cheap to read) with the title's length
// counted against it (normalization 1), so "Loom" comes before "Loom stand, edition 3";
// descriptions on the whole text vector. Normalization 32 maps a rank r to r / (r + 1), in [0, 1).
function tier(t: SearchTier, text: string): { where: RawBuilder<boolean>; score: RawBuilder<number> } {
  const q = raw`websearch_to_tsquery('english', ${text})`;
  if (t === 'title') return { where: raw`v.title_search @@ ${q}`, score: raw`1 + ts_rank_cd(v.title_search, ${q}, 1 | 32)::float8` };
  if (t === 'description')
    return { where: raw`v.search @@ ${q} AND NOT v.title_search @@ ${q}`, score: raw`ts_rank_cd(v.search, ${q}, 32)::float8` };
  return { where: raw`${text} <% v.title`, score: raw`word_similarity(${text}, v.title)::float8 - 2` };
}

// The catalogue: designs found by their latest version's text, processes, materials and licence.
@Injectable()
export class DesignCatalogueRepository {
  constructor(
    private readonly sql: Sql,
    private readonly uow: UnitOfWork,
  ) {}

  // Designs by their latest version, ranked by text when text is given (tiers and windows,
  // design-search.ts), newest first otherwise; keyset-paginated on (score, id) within a window, or
  // (published_at, id). `total`, when asked for, is exact up to COUNT_BOUND.
  // Browsing reads with the page what `ahead` asks for (design-catalogue-read-ahead.ts).
  async search(filter: DesignSearch, limit: number, after?: string[], withTotal = true, ahead: ReadAhead = {}): Promise<Page> {
    if (!filter.text) return this.browse(filter, limit, after, withTotal, ahead);
    const rows: Page['rows'] = [];
    let at: SearchWindow | null = startOf(after);
    // A cursor in an exact tier means the search had exact matches. Text with search operators
    // (an excluded word, a phrase, "or") never falls back to similar titles, which would ignore them.
    let exact = (!!after && at.tier !== 'similar') || !plainWords(filter.text);
    let cursor = after;
    while (at && at.tier !== 'similar') {
      const wanted = limit - rows.length;
      const found = await this.sql.all(this.windowPage(filter, at, wanted, cursor));
      exact ||= found.length > 0;
      rows.push(...found.map((r) => ({ design: toDesign(r), key: [r.score, r.version_id, String(at!.window)] })));
      at = nextWindow(at, found.length, wanted, !cursor, exact);
      cursor = undefined;
    }
    if (at) return this.similar(filter, limit, cursor, withTotal);
    // Exact matches in either tier.
    const matches = raw<boolean>`v.search @@ websearch_to_tsquery('english', ${filter.text})`;
    return { rows, total: withTotal ? await this.count(filter, matches) : null };
  }

  // A page of one window of a tier: the window's candidates (RANK_WINDOW of the tier's matches,
  // after the earlier windows', in the order the index yields them), ranked, then the page after the
  // cursor. The cursor applies after the window is taken, so every page of one window reads the same
  // candidates.
  private windowPage(filter: DesignSearch, at: SearchWindow, limit: number, after?: string[]) {
    const { where, score } = tier(at.tier, filter.text!);
    const window = catalogue(filter)
      .where(where)
      .select(COLUMNS)
      .select(score.as('score'))
      .offset(at.window * RANK_WINDOW)
      .limit(RANK_WINDOW);
    let page = db
      .selectFrom(window.as('c'))
      .select([
        'c.id',
        'c.owner_account_id',
        'c.owner_organization_id',
        'c.title',
        'c.created_by',
        'c.created_at',
        'c.origin_url',
        'c.origin_actor_url',
        'c.version_id',
      ])
      .select(raw<string>`c.score::text`.as('score'))
      .orderBy('c.score', 'desc')
      .orderBy('c.version_id', 'desc')
      .limit(limit);
    if (after) page = page.where(raw<boolean>`(c.score, c.version_id) < (${after[0]}::float8, ${after[1]}::uuid)`);
    return page;
  }

  // Titles similar to the text, when nothing matched exactly: one window. The trigram index answers
  // `<%` at the session's threshold, set for this transaction only. The planner prices a trigram
  // comparison like an equality and, for a small catalogue, would rather compare every title (some
  // 10 µs each) than read the index; the index is the cheaper path at every size, so it is the only one.
  private similar(filter: DesignSearch, limit: number, after: string[] | undefined, withTotal: boolean): Promise<Page> {
    return this.uow.run(async (tx) => {
      const threshold = String(SIMILAR_TITLE);
      await this.sql.run(
        raw`SELECT set_config('pg_trgm.word_similarity_threshold', ${threshold}, true), set_config('enable_seqscan', 'off', true)`,
        tx,
      );
      const found = await this.sql.all(this.windowPage(filter, { tier: 'similar', window: 0 }, limit, after), tx);
      const rows = found.map((r) => ({ design: toDesign(r), key: [r.score, r.version_id, '0'] }));
      return { rows, total: withTotal ? await this.count(filter, tier('similar', filter.text!).where, tx) : null };
    });
  }

  // Newest first, walking the published_at index and stopping at the page size. The page and its
  // count are independent statements, run at once.
  private async browse(
    filter: DesignSearch,
    limit: number,
    after: string[] | undefined,
    withTotal: boolean,
    ahead: ReadAhead,
  ): Promise<Page> {
    let page = catalogue(filter)
      .select(COLUMNS)
      .select(raw<string>`to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('published'))
      .orderBy('v.published_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(limit);
    if (after) page = page.where(raw<boolean>`(v.published_at, v.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
    const read = page
      .$if(!!ahead.latest, (q) => q.select(LATEST_COLUMNS))
      .$if(ahead.latest === 'summary', (q) => q.select(manifestSubset(SUMMARY_FIELDS)))
      .$if(!!ahead.owners, (q) =>
        q
          .leftJoin('accounts as oa', 'oa.id', 'd.owner_account_id')
          .leftJoin('organizations as oo', 'oo.id', 'd.owner_organization_id')
          .select(OWNER_COLUMNS),
      );
    const [found, total] = await Promise.all([this.sql.all(read), withTotal ? this.count(filter) : null]);
    const rows = found.map((r) => ({
      design: toDesign(r),
      key: [r.published, r.version_id],
      latest: ahead.latest && latestOf(r, ahead.latest),
      owners: ahead.owners ? ownersOf(r) : undefined,
    }));
    return { rows, total };
  }

  // Matches counted up to COUNT_BOUND + 1: the cost stays bounded however many there are.
  private async count(filter: DesignSearch, where?: RawBuilder<boolean>, tx?: Tx): Promise<BoundedCount> {
    const base = where ? catalogue(filter).where(where) : catalogue(filter);
    const hits = base.select(raw<number>`1`.as('one')).limit(COUNT_BOUND + 1);
    const counted = await this.sql.first(
      db.selectFrom(hits.as('m')).select((eb) => eb.fn.countAll<string>().as('n')),
      tx,
    );
    return boundedCount(Number(counted?.n ?? 0));
  }
}
