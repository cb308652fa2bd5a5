import { greatCircleKm } from '../facilities/geo.js';
import type { Requirement } from './requirements.js';

// Split mode: when no single facility can make every part, assign each requirement to a
// capable facility and pick an assembler so that the total distance parts travel
// (maker → assembler) plus delivery (assembler → requester) is smallest. For a fixed
// assembler the lines are independent, so trying every candidate assembler is exact:
// O(assemblers × requirements × makers) on at most a few hundred nearby facilities.
// With a due date, a maker takes a line only if its free time also covers the lines it already
// has for that assembler (`fits`); lines are then placed in order, nearest maker first, which
// respects every maker's free time but is no longer guaranteed to be the shortest plan.

export interface Point {
  lat: number;
  lon: number;
}

export interface SplitCandidate {
  id: string;
  location: Point;
  canMake: ReadonlySet<string>; // requirement keys
  fits?: (keys: readonly string[]) => boolean; // whether its free time covers these lines together
}

export interface SplitPlan {
  assemblerId: string;
  lines: Array<{ requirementKey: string; facilityId: string; toAssemblerKm: number }>;
  deliveryKm: number;
  totalKm: number;
}

// The platform's one sphere (facilities/geo.ts), as SQL's distances use it.
export const haversineKm = (a: Point, b: Point): number => greatCircleKm(a, b);

export function planSplit(requester: Point, requirements: readonly Requirement[], candidates: readonly SplitCandidate[]): SplitPlan | null {
  // Some part has no maker at all: no assembler can fix that.
  if (requirements.some((r) => !candidates.some((c) => c.canMake.has(r.key)))) return null;
  let best: SplitPlan | null = null;
  // Any candidate can assemble: assembly needs a bench and hands, not a listed machine.
  assemblers: for (const assembler of candidates) {
    const deliveryKm = haversineKm(assembler.location, requester);
    let total = deliveryKm;
    const lines: SplitPlan['lines'] = [];
    const taken = new Map<string, string[]>();
    for (const r of requirements) {
      let chosen: { id: string; km: number } | null = null;
      for (const maker of candidates) {
        if (!maker.canMake.has(r.key)) continue;
        const km = maker.id === assembler.id ? 0 : haversineKm(maker.location, assembler.location);
        if (chosen && (km > chosen.km || (km === chosen.km && maker.id > chosen.id))) continue;
        if (maker.fits && !maker.fits([...(taken.get(maker.id) ?? []), r.key])) continue;
        chosen = { id: maker.id, km };
      }
      if (!chosen) continue assemblers; // every maker of this part is out of time with these lines
      taken.set(chosen.id, [...(taken.get(chosen.id) ?? []), r.key]);
      lines.push({ requirementKey: r.key, facilityId: chosen.id, toAssemblerKm: chosen.km });
      total += chosen.km;
    }
    if (!best || total < best.totalKm - 1e-9 || (Math.abs(total - best.totalKm) <= 1e-9 && assembler.id < best.assemblerId)) {
      best = { assemblerId: assembler.id, lines, deliveryKm, totalKm: total };
    }
  }
  return best;
}
