import type { MatchingPolicy } from './matching-policy.js';

// A facility's reliability, from its production jobs in its organization's window
// (reliability-sql.ts counts them):
// - on time: a job delivered by its request's due date; a job still held past its due date counts
//   as late, so a facility cannot improve its rate by not delivering.
// - accepted on first delivery: a delivered job the requester accepted without a dispute, among
//   those accepted or disputed.
// - disputes: jobs disputed at least once.
export interface ReliabilityCounts {
  sample: number; // jobs in the window: delivered, or held past their due date
  onTime: number;
  resolved: number; // accepted or disputed
  firstDelivery: number; // accepted without a dispute
  disputes: number;
  acceptedJobs: number; // ever, for probation
}

export const TARGET_STATUSES = ['NO_RECORD', 'UNPROVEN', 'MEETS_TARGET', 'BELOW_TARGET'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export interface Rate {
  count: number;
  sample: number;
  rate: number | null; // null without a sample
  lowerBound: number; // Wilson score interval at 95 %
  upperBound: number;
  target: number;
  status: TargetStatus;
}

export interface FacilityReliability {
  onTime: Rate;
  firstDelivery: Rate;
  disputes: number;
  sample: number;
  windowDays: number;
  windowJobs: number;
  score: number; // the ranking term (scoring.ts)
  probation: { active: boolean; acceptedJobs: number; jobs: number; maxQuantity: number };
}

// z for a two-sided 95 % interval.
export const Z95 = 1.959964;

// The Wilson score interval: unlike the plain k/n ± z·se it stays within [0, 1] and is honest
// about small samples (1 of 1 gives 0.21–1, not 1–1).
export function wilson(count: number, sample: number, z = Z95): { lower: number; upper: number } {
  if (sample <= 0) return { lower: 0, upper: 1 };
  const p = count / sample;
  const z2 = z * z;
  const centre = p + z2 / (2 * sample);
  const spread = z * Math.sqrt((p * (1 - p)) / sample + z2 / (4 * sample * sample));
  const denominator = 1 + z2 / sample;
  return { lower: Math.max(0, (centre - spread) / denominator), upper: Math.min(1, (centre + spread) / denominator) };
}

// A facility meets a target when the whole interval is at or above it, falls below it when the
// whole interval is below, and is unproven in between: a few jobs decide neither way.
export function targetStatus(count: number, sample: number, target: number): TargetStatus {
  if (sample === 0) return 'NO_RECORD';
  const { lower, upper } = wilson(count, sample);
  if (lower >= target) return 'MEETS_TARGET';
  if (upper < target) return 'BELOW_TARGET';
  return 'UNPROVEN';
}

// The ranking uses the posterior mean under a Beta(2, 2) prior: the record as if it began with
// two jobs on time and two late. A facility without a record scores 0.5, the middle; one job
// moves it by at most a fifth; twenty perfect jobs give 0.92. The Wilson lower bound was not
// used for ranking: it gives a facility without a record 0, below any facility with one job,
// and would shut new facilities out on top of their probation.
export const PRIOR_JOBS = 4;
export const PRIOR_RATE = 0.5;

export function smoothedRate(count: number, sample: number): number {
  return (count + PRIOR_JOBS * PRIOR_RATE) / (sample + PRIOR_JOBS);
}

// The ranking term, in [0, 1]: the mean of the smoothed on-time and first-delivery rates.
export function reliabilityScore(c: Pick<ReliabilityCounts, 'sample' | 'onTime' | 'resolved' | 'firstDelivery'>): number {
  return (smoothedRate(c.onTime, c.sample) + smoothedRate(c.firstDelivery, c.resolved)) / 2;
}

// The same term as SQL over the columns holding the counts (constants of the code only).
export function reliabilityScoreSql(col: { sample: string; onTime: string; resolved: string; firstDelivery: string }): string {
  const smoothed = (k: string, n: string) => `((${k} + ${PRIOR_JOBS * PRIOR_RATE}) / (${n} + ${PRIOR_JOBS})::float8)`;
  return `((${smoothed(col.onTime, col.sample)} + ${smoothed(col.firstDelivery, col.resolved)}) / 2)`;
}

function rate(count: number, sample: number, target: number): Rate {
  const { lower, upper } = wilson(count, sample);
  return {
    count,
    sample,
    rate: sample ? count / sample : null,
    lowerBound: lower,
    upperBound: upper,
    target,
    status: targetStatus(count, sample, target),
  };
}

export function reliabilityOf(c: ReliabilityCounts, policy: MatchingPolicy): FacilityReliability {
  return {
    onTime: rate(c.onTime, c.sample, policy.onTimeTarget),
    firstDelivery: rate(c.firstDelivery, c.resolved, policy.firstDeliveryTarget),
    disputes: c.disputes,
    sample: c.sample,
    windowDays: policy.windowDays,
    windowJobs: policy.windowJobs,
    score: reliabilityScore(c),
    probation: {
      active: c.acceptedJobs < policy.probationJobs,
      acceptedJobs: c.acceptedJobs,
      jobs: policy.probationJobs,
      maxQuantity: policy.probationMaxQuantity,
    },
  };
}

export const NO_COUNTS: ReliabilityCounts = { sample: 0, onTime: 0, resolved: 0, firstDelivery: 0, disputes: 0, acceptedJobs: 0 };

// The words a match gives for it.
export function reliabilityReason(r: FacilityReliability): string {
  const probation = r.probation.active
    ? `; new facility on probation (${r.probation.acceptedJobs} of ${r.probation.jobs} jobs accepted, at most ${r.probation.maxQuantity} units a job)`
    : '';
  if (!r.sample) return `no delivery record yet${probation}`;
  const pct = (x: number | null) => `${Math.round((x ?? 0) * 100)}%`;
  const first = r.firstDelivery.sample ? `, ${pct(r.firstDelivery.rate)} of ${r.firstDelivery.sample} accepted on first delivery` : '';
  const below = r.onTime.status === 'BELOW_TARGET' ? ` (below the ${pct(r.onTime.target)} on-time target)` : '';
  return `${pct(r.onTime.rate)} of ${r.sample} jobs on time${below}${first}, ${r.disputes} disputed${probation}`;
}
