import type { TimeFit } from '../calendar/calendar.types.js';
import { timeReason } from '../calendar/free-hours.js';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/graphql/connection.js';
import { shownDistance, shownDistanceKm } from '../facilities/facilities.service.js';
import type { Equipment, Facility } from '../facilities/facilities.types.js';
import { footingReason, unmet } from './capability.js';
import { withTimeTerm } from './due-date.js';
import type { MatchRow } from './matching.repository.js';
import type { FacilityMatch } from './matching.types.js';
import { reliabilityReason, type FacilityReliability } from './reliability/reliability.js';
import type { Requirement } from './requirements.js';
import { reasonsFor, scoreOf, type MatchWeights } from './scoring.js';

// A match page's cursor is the position after its last match: a position, not the scores or
// distances it was ranked by (those would tell the exact distance the viewer may not see).
export const matchCursor = (position: number): string => encodeCursor(`rank:${position}`);

export function matchOffset(cursor: string): number {
  const m = /^rank:(\d{1,9})$/.exec(decodeCursor(cursor));
  if (!m) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
  return Number(m[1]);
}

// One ranked row of a page, with its free time when the request has a due date.
export interface PageEntry {
  row: MatchRow;
  fit?: TimeFit;
}

export interface MatchContext {
  requirements: readonly Requirement[];
  location: { lat: number; lon: number };
  radiusKm: number;
  quantity: number;
  dueDate: Date | null;
  organizations: ReadonlySet<string>;
  kit: ReadonlyMap<string, Equipment[]>; // each match's equipment, for what the match rests on
  weights: MatchWeights;
  timeWeight: number;
}

// A ranked row as the viewer may see it: the distance it may know, and the score and reasons
// computed from that distance (which would otherwise reveal the exact one).
export function toFacilityMatch({ row: r, fit }: PageEntry, c: MatchContext): FacilityMatch {
  const facility = r.facility;
  const { km, exact } = shownDistance(c.location, facility, r.km, c.organizations);
  const rel = r.reliability;
  const components = {
    distanceKm: km,
    approximate: !exact,
    radiusKm: c.radiusKm,
    load: r.load,
    verificationLevel: r.verificationLevel,
    cooperative: r.cooperative,
    reliability: {
      sample: rel.sample,
      onTime: rel.onTime.count,
      resolved: rel.firstDelivery.sample,
      firstDelivery: rel.firstDelivery.count,
    },
  };
  const canDo = c.requirements.map((q) => `${q.label} (${q.process}${q.material ? `, ${q.material}` : ''})`);
  const reasons = reasonsFor(components, canDo);
  for (const req of c.requirements) {
    const footing = footingReason(c.kit.get(r.id) ?? [], req);
    if (footing) reasons.push(footing);
  }
  reasons.push(reliabilityReason(rel));
  let score = exact ? r.score : scoreOf(components, c.weights);
  if (fit && c.dueDate) {
    reasons.push(timeReason(fit, c.quantity, c.dueDate));
    score = withTimeTerm(score, fit, c.weights, c.timeWeight);
  }
  return { facility, distanceKm: km, score, load: r.load, eligible: true, reasons, reliability: rel, time: fit };
}

export interface ExclusionContext {
  requirements: readonly Requirement[];
  location: { lat: number; lon: number };
  quantity: number;
  organizations: ReadonlySet<string>;
  km: number; // exact distance
  equipment: readonly Equipment[];
  probation: FacilityReliability['probation'];
  timeExcluded: ReadonlyMap<string, string>; // facilities left out for lack of free time, with why
}

// A near facility that is not among the matches, with why: first what rules it out, then
// probation, then free time; else it was only outranked.
export function excludedMatch(facility: Facility, c: ExclusionContext): FacilityMatch {
  const reasons = facility.facilityStatus !== 'ACTIVE' ? [`facility is ${facility.facilityStatus.replace(/_/g, ' ').toLowerCase()}`] : [];
  reasons.push(...unmet(c.equipment, c.requirements).map((u) => u.reason));
  const probation = c.probation;
  if (!reasons.length && probation.active && c.quantity > probation.maxQuantity)
    reasons.push(
      `on probation: a new facility takes at most ${probation.maxQuantity} units a job until ${probation.jobs} of its jobs are accepted (${probation.acceptedJobs} so far)`,
    );
  const late = c.timeExcluded.get(facility.id);
  if (!reasons.length && late) reasons.push(late);
  // Capable and active but not in the first N: outranked, not excluded.
  if (!reasons.length) reasons.push('capable, but ranked below the requested number of matches');
  const distanceKm = shownDistanceKm(c.location, facility, c.km, c.organizations);
  return { facility, distanceKm, score: 0, load: 0, eligible: false, reasons, reliability: null };
}
