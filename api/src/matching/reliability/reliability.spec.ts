import { DEFAULT_MATCHING_POLICY } from './matching-policy.js';
import { NO_COUNTS, reliabilityOf, reliabilityReason, reliabilityScore, smoothedRate, targetStatus, wilson } from './reliability.js';

describe('reliability', () => {
  it('bounds a rate by the Wilson score interval, wide for small samples', () => {
    // Reference values: 1 of 1 → [0.2065, 1]; 9 of 10 → [0.5958, 0.9821]; 95 of 100 → [0.8882, 0.9785].
    expect(wilson(1, 1).lower).toBeCloseTo(0.2065, 4);
    expect(wilson(1, 1).upper).toBeCloseTo(1, 10);
    expect(wilson(9, 10).lower).toBeCloseTo(0.5958, 4);
    expect(wilson(9, 10).upper).toBeCloseTo(0.9821, 4);
    expect(wilson(95, 100).lower).toBeCloseTo(0.8882, 3);
    expect(wilson(95, 100).upper).toBeCloseTo(0.9785, 4);
    expect(wilson(0, 0)).toEqual({ lower: 0, upper: 1 });
    expect(wilson(0, 5).lower).toBe(0);
  });

  it('judges a target only when the whole interval is on one side of it', () => {
    expect(targetStatus(0, 0, 0.95)).toBe('NO_RECORD');
    expect(targetStatus(3, 3, 0.95)).toBe('UNPROVEN'); // three jobs prove nothing either way
    expect(targetStatus(9, 10, 0.95)).toBe('UNPROVEN');
    expect(targetStatus(2, 3, 0.95)).toBe('BELOW_TARGET'); // one late job in three is already too many for 95 %
    expect(targetStatus(15, 20, 0.95)).toBe('BELOW_TARGET');
    expect(targetStatus(100, 100, 0.95)).toBe('MEETS_TARGET');
    expect(targetStatus(19, 20, 0.5)).toBe('MEETS_TARGET');
  });

  it('ranks on smoothed rates, so a short record cannot outweigh a long one', () => {
    expect(smoothedRate(0, 0)).toBe(0.5);
    expect(smoothedRate(1, 1)).toBeCloseTo(0.6, 10);
    expect(smoothedRate(0, 1)).toBeCloseTo(0.4, 10);
    const oneOfOne = reliabilityScore({ sample: 1, onTime: 1, resolved: 1, firstDelivery: 1 });
    const nineteenOfTwenty = reliabilityScore({ sample: 20, onTime: 19, resolved: 20, firstDelivery: 19 });
    expect(nineteenOfTwenty).toBeGreaterThan(oneOfOne);
    expect(reliabilityScore(NO_COUNTS)).toBe(0.5);
  });

  it('reads the counts under a policy, with sample sizes, disputes and probation', () => {
    const r = reliabilityOf({ sample: 4, onTime: 3, resolved: 3, firstDelivery: 2, disputes: 1, acceptedJobs: 2 }, DEFAULT_MATCHING_POLICY);
    expect(r.onTime).toMatchObject({ count: 3, sample: 4, rate: 0.75, target: 0.95, status: 'UNPROVEN' });
    expect(r.firstDelivery).toMatchObject({ count: 2, sample: 3, target: 0.9 });
    expect(r.disputes).toBe(1);
    expect(r.probation).toEqual({ active: true, acceptedJobs: 2, jobs: 3, maxQuantity: 10 });
    expect(reliabilityOf({ ...NO_COUNTS, acceptedJobs: 3 }, DEFAULT_MATCHING_POLICY).probation.active).toBe(false);
    expect(reliabilityOf(NO_COUNTS, { ...DEFAULT_MATCHING_POLICY, probationJobs: 0 }).probation.active).toBe(false);
    expect(reliabilityReason(r)).toBe(
      '75% of 4 jobs on time, 67% of 3 accepted on first delivery, 1 disputed; new facility on probation (2 of 3 jobs accepted, at most 10 units a job)',
    );
    expect(reliabilityReason(reliabilityOf({ ...NO_COUNTS, acceptedJobs: 5 }, DEFAULT_MATCHING_POLICY))).toBe('no delivery record yet');
  });
});
