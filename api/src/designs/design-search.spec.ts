import { InvalidInputError } from '../common/errors/domain-error.js';
import { encodeCursor } from '../common/graphql/connection.js';
import { boundedCount, COUNT_BOUND, nextWindow, parseSearchCursor, plainWords, startOf, tierOfScore } from './design-search.js';

const id = '0b6c3c1e-8a4f-4d3b-9c55-3f1f7a2b9e10';

describe('catalogue search tiers, windows and counts', () => {
  it('reads the tier from a score: title [1, 2), description [0, 1), similar title [-2, -1]', () => {
    expect(tierOfScore(1)).toBe('title');
    expect(tierOfScore(1.99)).toBe('title');
    expect(tierOfScore(0.999)).toBe('description');
    expect(tierOfScore(0)).toBe('description');
    expect(tierOfScore(-1)).toBe('similar');
    expect(tierOfScore(-1.5)).toBe('similar');
  });

  it('starts a page at the cursor’s window, or at the first title window', () => {
    expect(startOf(undefined)).toEqual({ tier: 'title', window: 0 });
    expect(startOf(['1.25', id, '3'])).toEqual({ tier: 'title', window: 3 });
    expect(startOf(['0.3', id, '0'])).toEqual({ tier: 'description', window: 0 });
    expect(startOf(['-1.4', id, '0'])).toEqual({ tier: 'similar', window: 0 });
  });

  it('moves to the next window, the next tier, or the similar-title fallback only when nothing matched', () => {
    const title = { tier: 'title', window: 2 } as const;
    const description = { tier: 'description', window: 0 } as const;
    // A full page stops.
    expect(nextWindow(title, 21, 21, true, true)).toBeNull();
    // After a cursor, the window may have had more than it gave: the tier's next window says.
    expect(nextWindow(title, 4, 21, false, true)).toEqual({ tier: 'title', window: 3 });
    // Read from its start, a short window was the tier's last.
    expect(nextWindow(title, 4, 21, true, true)).toEqual({ tier: 'description', window: 0 });
    expect(nextWindow(description, 0, 21, true, true)).toBeNull();
    expect(nextWindow(description, 0, 21, true, false)).toEqual({ tier: 'similar', window: 0 });
    expect(nextWindow({ tier: 'similar', window: 0 }, 3, 21, true, false)).toBeNull();
  });

  it('offers similar titles for plain words only, never past search operators', () => {
    expect(plainWords('lom')).toBe(true);
    expect(plainWords('solar lom')).toBe(true);
    expect(plainWords('half-bridge driver')).toBe(true);
    expect(plainWords('seed -drawer')).toBe(false);
    expect(plainWords('-drawer seed')).toBe(false);
    expect(plainWords('"seed drawer"')).toBe(false);
    expect(plainWords('seed or drawer')).toBe(false);
    expect(plainWords('organ')).toBe(true);
  });

  it('takes cursors of its own kind only', () => {
    expect(parseSearchCursor(encodeCursor(`1.5|${id}|2`), { text: 'loom' })).toEqual(['1.5', id, '2']);
    expect(parseSearchCursor(encodeCursor(`2026-01-02T03:04:05.000Z|${id}`), {})).toHaveLength(2);
    expect(() => parseSearchCursor(encodeCursor(`1.5|${id}`), { text: 'loom' })).toThrow(InvalidInputError);
    expect(() => parseSearchCursor(encodeCursor(`1.5|${id}|-1`), { text: 'loom' })).toThrow(InvalidInputError);
    expect(() => parseSearchCursor(encodeCursor(`1.5|${id}|2`), {})).toThrow(InvalidInputError);
  });

  it('counts exactly up to the bound, then says there are more', () => {
    expect(boundedCount(0)).toEqual({ value: 0, capped: false });
    expect(boundedCount(COUNT_BOUND)).toEqual({ value: COUNT_BOUND, capped: false });
    expect(boundedCount(COUNT_BOUND + 1)).toEqual({ value: COUNT_BOUND, capped: true });
  });
});
