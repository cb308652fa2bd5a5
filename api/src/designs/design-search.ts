import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { decodeCursor, type Connection } from '../common/graphql/connection.js';
import { isUuid } from '../common/uuid.js';
import { requireText } from '../identity/text.js';
import { DESIGN_ORIGINS, type DesignSearch } from './designs.types.js';
import { LICENCE_CLASSES } from './licences.js';
import { normalizeProcess } from './process-taxonomy.js';

export interface DesignSearchFilter {
  text?: string | null;
  process?: string | null;
  material?: string | null;
  licenseClasses?: string[] | null;
  organizationId?: string | null;
  origin?: string | null;
}

// The catalogue's filters, checked: typed errors name the field.
export function parseDesignSearch(filter: DesignSearchFilter): DesignSearch {
  const search: DesignSearch = {};
  const text = filter.text?.trim();
  if (text) search.text = requireText('filter.text', text, 1, 200);
  if (filter.process) {
    const process = normalizeProcess(filter.process);
    if (!process)
      throw new InvalidInputError('filter.process', `"${filter.process}" is not a known manufacturing process.`, 'UNKNOWN_PROCESS');
    search.process = process.code;
  }
  if (filter.material?.trim()) search.material = filter.material.trim();
  if (filter.licenseClasses?.length) {
    const unknown = filter.licenseClasses.find((c) => !(LICENCE_CLASSES as readonly string[]).includes(c));
    if (unknown) throw new InvalidInputError('filter.licenseClasses', `"${unknown}" is not a licence class.`, 'INVALID');
    search.licenceClasses = filter.licenseClasses;
  }
  if (filter.organizationId) {
    if (!isUuid(filter.organizationId)) throw new NotFoundError('Organization', filter.organizationId);
    search.organizationId = filter.organizationId;
  }
  if (filter.origin && filter.origin !== 'ANY') {
    if (!(DESIGN_ORIGINS as readonly string[]).includes(filter.origin))
      throw new InvalidInputError('filter.origin', `"${filter.origin}" is not LOCAL, REMOTE or ANY.`, 'INVALID');
    search.origin = filter.origin as 'LOCAL' | 'REMOTE';
  }
  return search;
}

// A page cursor is (publication time, id) without text; with text, (score, id, window), as the
// search it came from sorts.
export function parseSearchCursor(raw: string | null | undefined, search: DesignSearch): string[] | undefined {
  if (!raw) return undefined;
  const after = decodeCursor(raw).split('|');
  const [first, id, window] = after;
  const ok = search.text
    ? after.length === 3 && Number.isFinite(Number(first)) && /^\d{1,9}$/.test(window ?? '')
    : after.length === 2 && !Number.isNaN(Date.parse(first ?? ''));
  if (!ok || !isUuid(id ?? '')) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
  return after;
}

// Text search answers in tiers, best first: designs whose title has every word, then designs that
// have them only in their description, and, only when neither finds anything, designs whose title
// nearly has them (a typo: "lom" finds "loom"). Each tier's scores lie in their own range, so one
// (score, id) key orders every result and a cursor's score names the tier it is in:
// title [1, 2), description [0, 1), similar title [-2, -1].
export const SEARCH_TIERS = ['title', 'description', 'similar'] as const;
export type SearchTier = (typeof SEARCH_TIERS)[number];

export function tierOfScore(score: number): SearchTier {
  return score >= 1 ? 'title' : score >= 0 ? 'description' : 'similar';
}

// Where a text search reads: a tier, and which of its windows (0 = its first RANK_WINDOW matches,
// 1 = the next RANK_WINDOW, …; design-catalogue.repository.ts).
export interface SearchWindow {
  tier: SearchTier;
  window: number;
}

// Where a page starts: the cursor's window, or the first window of the title tier.
export function startOf(after: string[] | undefined): SearchWindow {
  return after ? { tier: tierOfScore(Number(after[0])), window: Number(after[2] ?? 0) } : { tier: 'title', window: 0 };
}

// Where a page reads next once a window gave `got` of the `wanted` rows it was asked for, or null
// when the page is full or the search has no more. A window read from its start that gave fewer
// rows than asked for holds all its tier had left: the next tier follows. One read after a cursor
// cannot tell, so the tier's next window is tried (read from its start, it answers that). The
// similar-title tier is a fallback: only a search with no exact match at all reads it, and only
// its first window.
export function nextWindow(at: SearchWindow, got: number, wanted: number, fromStart: boolean, exact: boolean): SearchWindow | null {
  if (got >= wanted || at.tier === 'similar') return null;
  if (!fromStart) return { tier: at.tier, window: at.window + 1 };
  if (at.tier === 'title') return { tier: 'description', window: 0 };
  return exact ? null : { tier: 'similar', window: 0 };
}

// Whether the text is plain words, with none of websearch_to_tsquery's operators (an excluded
// -word, a "quoted phrase", or): only such text falls back to similar titles, since trigram
// similarity would ignore the operators ("seed -drawer" would find "Seed drawer").
export function plainWords(text: string): boolean {
  return !/(^|\s)-\S|"|(^|\s)or(\s|$)/i.test(text);
}

// Matches are counted exactly up to this many; past it the count says "more than".
export const COUNT_BOUND = 1000;

// A page of the catalogue: totalCount is exact unless totalCountCapped, when it is COUNT_BOUND.
export type CountedConnection<T> = Connection<T> & { totalCountCapped: boolean };

export interface BoundedCount {
  value: number;
  capped: boolean;
}

// `counted` is the number of matches found when counting stopped at COUNT_BOUND + 1.
export function boundedCount(counted: number): BoundedCount {
  return counted > COUNT_BOUND ? { value: COUNT_BOUND, capped: true } : { value: counted, capped: false };
}
