import { calendarJsonSql } from '../calendar/calendar-sql.js';
import { earthdistanceMetres, kmSql } from '../facilities/geo.js';
import { MATCHING_CRITERIA } from './criteria/index.js';
import type { Requirement } from './requirements.js';
import { policyColumnsSql, reliabilityCountsSql, windowDaysSql, windowJobsSql } from './reliability/reliability-sql.js';
import { normalizedWeights, scoreSql, type MatchWeights } from './scoring.js';

// The indexed matching query, built as text + parameters so the benchmark can run exactly
// what the service runs. The GiST index on ll_to_earth(lat, lon) narrows to the search box;
// each capability is an EXISTS probe on facility_equipment (process, facility_id); load is
// summed over the partial index of active jobs. Score and LIMIT are applied in SQL.

export interface MatchQueryArgs {
  lat: number;
  lon: number;
  radiusKm: number;
  capabilities: readonly Requirement[];
  weights: MatchWeights;
  limit: number;
  // How many of the nearest capable facilities are ranked (bounds the work in dense regions);
  // at least twice `limit`, unless `wholePool`.
  candidatePool: number;
  // The pool is exactly `candidatePool` and every candidate in it comes back (limit = pool): with a
  // due date the service ranks the same pool again with free time and cuts the pages itself.
  wholePool?: boolean;
  // Ranked matches to skip (the pages before this one; the pool and its order stay the same).
  offset?: number;
  excludeFacilityIds?: readonly string[];
  // Units per job: a facility on probation is left out when they are more than its limit.
  quantity?: number;
  // With a due date: each candidate's calendar comes with it (closures from this date on).
  calendarsSince?: string;
  // Each returned facility's machines come with it (the reasons name what each match rests on),
  // read for the page's rows only, so a match takes one round trip.
  withEquipment?: boolean;
}

export function capabilityClause(r: Requirement, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conds = ['e.facility_id = f.id', ...MATCHING_CRITERIA.filter((c) => c.applies(r)).flatMap((c) => c.sql(r, p))];
  // A scalar subquery, not EXISTS: Postgres plans EXISTS as a semi-join, which first collects
  // every facility in the search box; a scalar subquery stays a per-row filter of the
  // nearest-first index scan, which then stops as soon as the candidate pool is full.
  return `(SELECT true FROM facility_equipment e WHERE ${conds.join(' AND ')} LIMIT 1)`;
}

export function buildMatchQuery(a: MatchQueryArgs): { text: string; params: unknown[] } {
  const w = normalizedWeights(a.weights);
  const params: unknown[] = [
    a.lat,
    a.lon,
    earthdistanceMetres(a.radiusKm),
    a.radiusKm,
    w.distance,
    w.load,
    w.verification,
    w.cooperative,
    a.wholePool ? a.candidatePool : Math.max(a.candidatePool, 2 * a.limit),
    w.reliability,
    a.quantity ?? 1,
  ];
  const filters = a.capabilities.map((r) => capabilityClause(r, params));
  if (a.capabilities.length) {
    // Checked on the row the index scan already holds, before any equipment probe.
    params.push([...new Set(a.capabilities.map((r) => r.process))]);
    filters.unshift(`f.processes @> $${params.length}::text[]`);
  }
  if (a.excludeFacilityIds?.length) {
    params.push(a.excludeFacilityIds);
    filters.push(`f.id <> ALL ($${params.length}::uuid[])`);
  }
  let calendar = '';
  if (a.calendarsSince) {
    params.push(a.calendarsSince);
    calendar = `, ${calendarJsonSql('s.id', `$${params.length}::date`)} AS calendar`;
  }
  // Limit and offset last: the two placeholders of the final clause are always the last two.
  params.push(a.limit);
  params.push(a.offset ?? 0);
  const score = scoreSql(
    { distance: '$5::float8', load: '$6::float8', verification: '$7::float8', cooperative: '$8::float8', reliability: '$10::float8' },
    {
      distanceKm: 'km',
      radiusKm: '$4::float8',
      load: 'load',
      verificationLevel: 'verification_level',
      cooperative: 'cooperative',
      reliability: { sample: 'rel_sample', onTime: 'rel_on_time', resolved: 'rel_resolved', firstDelivery: 'rel_first_delivery' },
    },
  );
  // Candidates come nearest first from a KNN scan of the GiST index (cube's <-> on
  // ll_to_earth is chord distance, monotonic in great-circle distance) and stop at the
  // candidate pool: the work per query is bounded however dense the region is.
  const text = `
    WITH candidates AS (
      SELECT f.*, ${kmSql('ll_to_earth($1, $2)', 'll_to_earth(f.lat, f.lon)')} AS km
        FROM facilities f
       WHERE f.lat IS NOT NULL AND f.facility_status = 'ACTIVE'
         AND earth_box(ll_to_earth($1, $2), $3::float8) @> ll_to_earth(f.lat, f.lon)
         AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3::float8
         ${filters.map((f) => `AND ${f}`).join('\n         ')}
       ORDER BY ll_to_earth(f.lat, f.lon) <-> ll_to_earth($1, $2)
       LIMIT $9
    ), scored AS (
      SELECT c.*, o.kind = 'COOPERATIVE' AS cooperative,
             (coalesce((SELECT sum(j.estimated_hours) FROM production_jobs j
                         WHERE j.facility_id = c.id AND j.status IN ('CLAIMED','IN_PRODUCTION')), 0) / c.capacity_hours_per_week)::float8 AS load
        FROM candidates c JOIN organizations o ON o.id = c.organization_id
    ), judged AS (
      -- Each facility's delivery record under its own organization's matching policy.
      SELECT s.*, ${policyColumnsSql('mp')}, rel.*
        FROM scored s
        LEFT JOIN matching_policies mp ON mp.organization_id = s.organization_id
        CROSS JOIN LATERAL ${reliabilityCountsSql('s.id', windowDaysSql('mp'), windowJobsSql('mp'))} rel
    )
    SELECT s.*, ${score} AS score, count(*) OVER () AS total${calendar}
      FROM judged s
     WHERE NOT (s.rel_accepted_jobs < s.pol_probation_jobs AND $11::int > s.pol_probation_max_quantity)
     ORDER BY score DESC, km, id
     LIMIT $${params.length - 1} OFFSET $${params.length}`;
  if (!a.withEquipment) return { text, params };
  return {
    text: `
    SELECT p.*, (SELECT coalesce(json_agg(e ORDER BY e.process, e.id), '[]') FROM facility_equipment e WHERE e.facility_id = p.id) AS equipment
      FROM (${text}) p
     ORDER BY p.score DESC, p.km, p.id`,
    params,
  };
}
