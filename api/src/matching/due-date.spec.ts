import type { TimeFit } from '../calendar/calendar.types.js';
import { rankWithTime, withTimeTerm } from './due-date.js';
import type { MatchRow } from './matching.repository.js';

const weights = { distance: 0.4, load: 0.25, verification: 0.2, cooperative: 0.15, reliability: 0.2 };
const fit = (freeHours: number, neededHours = 10): TimeFit => ({
  basis: 'CALENDAR',
  neededHours,
  freeHours,
  fits: freeHours >= neededHours,
  plan: [],
});
const row = (id: string, score: number, km: number) => ({ id, score, km }) as MatchRow;
const opts = { requireFreeHours: false, quantity: 5, dueDate: new Date('2030-01-15T00:00:00Z'), weights, timeWeight: 0.3 };

describe('free time in the ranking', () => {
  it('is one more term of the weighted mean, next to all five weights including reliability', () => {
    // rest = 1.2: a facility with the time scoring 1 moves by 0.3 / 1.5 of the gap to 1.
    expect(withTimeTerm(0.5, fit(10), weights, 0.3)).toBeCloseTo((0.5 * 1.2 + 0.3) / 1.5, 10);
    expect(withTimeTerm(0.5, fit(5), weights, 0.3)).toBeCloseTo((0.5 * 1.2 + 0.3 * 0.5) / 1.5, 10);
    expect(withTimeTerm(0.5, fit(0), weights, 0)).toBeCloseTo(0.5, 10);
  });

  it('ranks the pool again with free time, ties nearest first then by id', () => {
    const rows = [row('a', 0.8, 5), row('b', 0.7, 2), row('d', 0.6, 1), row('c', 0.6, 1)];
    const fits = new Map([
      ['a', fit(0)],
      ['b', fit(20)],
      ['c', fit(20)],
      ['d', fit(20)],
    ]);
    const { ranked, timeExcluded } = rankWithTime(rows, fits, opts);
    expect(ranked.map((r) => r.row.id)).toEqual(['b', 'c', 'd', 'a']);
    expect(ranked[0]!.fit).toBe(fits.get('b'));
    expect(timeExcluded.size).toBe(0);
  });

  it('leaves out, with why, those without the hours when the request requires them', () => {
    const rows = [row('a', 0.9, 5), row('b', 0.2, 9)];
    const { ranked, timeExcluded } = rankWithTime(
      rows,
      new Map([
        ['a', fit(3)],
        ['b', fit(10)],
      ]),
      { ...opts, requireFreeHours: true },
    );
    expect(ranked.map((r) => r.row.id)).toEqual(['b']);
    expect([...timeExcluded.keys()]).toEqual(['a']);
    expect(timeExcluded.get('a')).toMatch(/2030-01-15/);
  });
});
