import { DEFAULT_MATCHING_POLICY, type MatchingPolicy } from './matching-policy.js';
import type { ReliabilityCounts } from './reliability.js';

// The one definition of how a facility's jobs are counted (reliability.ts says what each count
// means), as SQL the matching query and the facility profile both use. `facilityId` and the
// window are SQL expressions of the calling query; the statuses are constants of the code.
// Each job is read once, by the facility that held it: a released claim clears facility_id.
export function reliabilityCountsSql(facilityId: string, windowDays: string, windowJobs: string): string {
  return `(SELECT count(*)::int AS rel_sample,
                 count(*) FILTER (WHERE w.on_time)::int AS rel_on_time,
                 count(*) FILTER (WHERE w.resolved)::int AS rel_resolved,
                 count(*) FILTER (WHERE w.first_ok)::int AS rel_first_delivery,
                 count(*) FILTER (WHERE w.disputed)::int AS rel_disputes,
                 (SELECT count(*)::int FROM production_jobs a
                   WHERE a.facility_id = ${facilityId} AND a.accepted_at IS NOT NULL) AS rel_accepted_jobs
            FROM (SELECT rj.delivered_at IS NOT NULL AND rj.delivered_at <= rr.due_date AS on_time,
                         rj.accepted_at IS NOT NULL OR rj.disputed_at IS NOT NULL AS resolved,
                         rj.accepted_at IS NOT NULL AND rj.disputed_at IS NULL AS first_ok,
                         rj.disputed_at IS NOT NULL AS disputed
                    FROM production_jobs rj JOIN production_requests rr ON rr.id = rj.request_id
                   WHERE rj.facility_id = ${facilityId}
                     AND (rj.delivered_at IS NOT NULL
                          OR (rj.status IN ('CLAIMED','IN_PRODUCTION','READY') AND rr.due_date < now()))
                     AND coalesce(rj.delivered_at, rr.due_date) > now() - make_interval(days => ${windowDays})
                   ORDER BY coalesce(rj.delivered_at, rr.due_date) DESC
                   LIMIT ${windowJobs}) w)`;
}

// The columns of matching_policies with the defaults for an organization that has none; `p` is
// the alias of a LEFT JOINed matching_policies row.
export function policyColumnsSql(p: string): string {
  const d = DEFAULT_MATCHING_POLICY;
  return [
    `coalesce(${p}.window_days, ${d.windowDays}) AS pol_window_days`,
    `coalesce(${p}.window_jobs, ${d.windowJobs}) AS pol_window_jobs`,
    `coalesce(${p}.on_time_target, ${d.onTimeTarget}) AS pol_on_time_target`,
    `coalesce(${p}.first_delivery_target, ${d.firstDeliveryTarget}) AS pol_first_delivery_target`,
    `coalesce(${p}.probation_jobs, ${d.probationJobs}) AS pol_probation_jobs`,
    `coalesce(${p}.probation_max_quantity, ${d.probationMaxQuantity}) AS pol_probation_max_quantity`,
    `coalesce(${p}.allow_own_requests, ${d.allowOwnRequests}) AS pol_allow_own_requests`,
  ].join(', ');
}

export const windowDaysSql = (p: string) => `coalesce(${p}.window_days, ${DEFAULT_MATCHING_POLICY.windowDays})`;
export const windowJobsSql = (p: string) => `coalesce(${p}.window_jobs, ${DEFAULT_MATCHING_POLICY.windowJobs})`;

export interface CountColumns {
  rel_sample: number;
  rel_on_time: number;
  rel_resolved: number;
  rel_first_delivery: number;
  rel_disputes: number;
  rel_accepted_jobs: number;
}

export interface PolicyColumns {
  pol_window_days: number;
  pol_window_jobs: number;
  pol_on_time_target: number;
  pol_first_delivery_target: number;
  pol_probation_jobs: number;
  pol_probation_max_quantity: number;
  pol_allow_own_requests: boolean;
}

export function countsFromRow(r: CountColumns): ReliabilityCounts {
  return {
    sample: Number(r.rel_sample),
    onTime: Number(r.rel_on_time),
    resolved: Number(r.rel_resolved),
    firstDelivery: Number(r.rel_first_delivery),
    disputes: Number(r.rel_disputes),
    acceptedJobs: Number(r.rel_accepted_jobs),
  };
}

export function policyFromRow(r: PolicyColumns): MatchingPolicy {
  return {
    windowDays: Number(r.pol_window_days),
    windowJobs: Number(r.pol_window_jobs),
    onTimeTarget: Number(r.pol_on_time_target),
    firstDeliveryTarget: Number(r.pol_first_delivery_target),
    probationJobs: Number(r.pol_probation_jobs),
    probationMaxQuantity: Number(r.pol_probation_max_quantity),
    allowOwnRequests: r.pol_allow_own_requests,
  };
}
