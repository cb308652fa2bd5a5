import { reasonsFor, scoreOf } from './scoring.js';

const weights = { distance: 0.4, load: 0.25, verification: 0.2, cooperative: 0.15 };
const base = { distanceKm: 10, radiusKm: 50, load: 0, verificationLevel: 'SELF_ASSERTED', cooperative: false };

describe('scoring', () => {
  it('rewards nearness, free capacity, verification and co-op membership', () => {
    const s = scoreOf(base, weights);
    expect(s).toBeCloseTo(0.4 * 0.8 + 0.25, 10);
    expect(scoreOf({ ...base, distanceKm: 5 }, weights)).toBeGreaterThan(s);
    expect(scoreOf({ ...base, load: 0.5 }, weights)).toBeLessThan(s);
    expect(scoreOf({ ...base, load: 3 }, weights)).toBeCloseTo(0.4 * 0.8, 10);
    expect(scoreOf({ ...base, verificationLevel: 'VERIFIED' }, weights)).toBeCloseTo(s + 0.2, 10);
    expect(scoreOf({ ...base, cooperative: true }, weights)).toBeCloseTo(s + 0.15, 10);
  });

  it('normalizes weights that do not sum to one', () => {
    expect(scoreOf(base, { distance: 4, load: 2.5, verification: 2, cooperative: 1.5 })).toBeCloseTo(scoreOf(base, weights), 10);
  });

  it('explains a match in words', () => {
    expect(reasonsFor({ ...base, load: 0.5, cooperative: true, verificationLevel: 'VERIFIED' }, ['panel (LASER_CUTTING)'])).toEqual([
      'can make every part: panel (LASER_CUTTING)',
      '10 km away (search radius 50 km)',
      '50% of weekly capacity committed',
      'verified facility',
      'run by a cooperative',
    ]);
  });
});
