import { reasonsFor, scoreOf } from './scoring.js';

const weights = { distance: 0.4, load: 0.25, verification: 0.2, cooperative: 0.15, reliability: 0 };
const noRecord = { sample: 0, onTime: 0, resolved: 0, firstDelivery: 0 };
const base = { distanceKm: 10, radiusKm: 50, load: 0, verificationLevel: 'SELF_ASSERTED', cooperative: false, reliability: noRecord };

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
    expect(scoreOf(base, { distance: 4, load: 2.5, verification: 2, cooperative: 1.5, reliability: 0 })).toBeCloseTo(
      scoreOf(base, weights),
      10,
    );
  });

  it('weighs the delivery record: a facility without one sits in the middle, a long good record above it', () => {
    const only = { distance: 0, load: 0, verification: 0, cooperative: 0, reliability: 1 };
    expect(scoreOf(base, only)).toBeCloseTo(0.5, 10);
    const good = { sample: 20, onTime: 20, resolved: 20, firstDelivery: 20 };
    const late = { sample: 20, onTime: 5, resolved: 20, firstDelivery: 10 };
    expect(scoreOf({ ...base, reliability: good }, only)).toBeCloseTo(22 / 24, 10);
    expect(scoreOf({ ...base, reliability: late }, only)).toBeCloseTo((7 / 24 + 12 / 24) / 2, 10);
    // With a fifth of the weight, a perfect record is worth at most a tenth of the score over none.
    const mixed = { ...weights, reliability: 0.25 };
    const gain = scoreOf({ ...base, reliability: good }, mixed) - scoreOf(base, mixed);
    expect(gain).toBeGreaterThan(0);
    expect(gain).toBeLessThan(0.1);
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
