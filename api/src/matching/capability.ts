import type { Equipment } from '../facilities/facilities.types.js';
import { MATCHING_CRITERIA } from './criteria/index.js';
import type { Requirement } from './requirements.js';

export { acceptableTolerances, toleranceAtLeast } from './criteria/tolerance.criterion.js';

// The single statement of "this machine can make this part": every criterion of
// criteria/index.ts that the requirement asks about. The matching SQL (match-query.ts) is built
// from the same criteria's SQL conditions; a test keeps each criterion's two forms in agreement.

export function machineMeets(e: Equipment, r: Requirement): boolean {
  return MATCHING_CRITERIA.every((c) => !c.applies(r) || c.meets(e, r));
}

// Why no machine of a facility meets a requirement, in words a workshop can act on: the first
// criterion, in order, that none of the machines meeting the earlier ones meets.
export function whyNot(equipment: readonly Equipment[], r: Requirement): string {
  const asked = MATCHING_CRITERIA.filter((c) => c.applies(r));
  let machines = equipment;
  for (const c of asked) {
    const meeting = machines.filter((e) => c.meets(e, r));
    if (!meeting.length) return c.whyNot(r, machines);
    machines = meeting;
  }
  return asked[asked.length - 1]!.whyNot(r, machines); // a machine meets it: not called for it
}

// Requirements a facility cannot meet, with the reason for each.
export function unmet(equipment: readonly Equipment[], reqs: readonly Requirement[]): Array<{ requirement: Requirement; reason: string }> {
  return reqs
    .filter((r) => !equipment.some((e) => machineMeets(e, r)))
    .map((requirement) => ({ requirement, reason: whyNot(equipment, requirement) }));
}

// Equipment rows of several facilities, by facility.
export function groupEquipment(rows: ReadonlyArray<Equipment & { facilityId: string }>): Map<string, Equipment[]> {
  const m = new Map<string, Equipment[]>();
  for (const e of rows) m.set(e.facilityId, [...(m.get(e.facilityId) ?? []), e]);
  return m;
}
