import type { Equipment } from '../facilities/facilities.types.js';
import { mm, partOf, processLabel } from './criteria/criterion.js';
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

// What a machine's meeting a requirement rests on besides what the co-op stated: values inferred
// from the machine-kind table (with their basis), and values nobody gave (the criteria let those
// pass, see build-volume and tolerance).
export function footing(e: Equipment, r: Requirement): { inferred: string[]; unknown: string[] } {
  const inferred: string[] = [];
  const unknown: string[] = [];
  if (r.material && e.inferred?.materials) inferred.push(`${r.material} (${e.inferred.materials})`);
  if (r.minVolumeMm) {
    if (!e.buildVolumeMm) unknown.push(`its build volume (needs ${mm(r.minVolumeMm)})`);
    else if (e.inferred?.buildVolumeMm) inferred.push(`a build volume of ${mm(e.buildVolumeMm)} (${e.inferred.buildVolumeMm})`);
  }
  if (r.toleranceClass && !e.toleranceClass) unknown.push(`the tolerance it holds (needs ISO 2768 ${r.toleranceClass})`);
  return { inferred, unknown };
}

const machineName = (e: Equipment) => [e.make, e.model].filter(Boolean).join(' ') || `its ${processLabel(e.process)} equipment`;

// For a facility that can make a requirement: which of its machines the match rests on, when that
// is not wholly on what the co-op stated. The machine resting least on inferred or unknown values
// is the one named; undefined when one rests on stated values only.
export function footingReason(equipment: readonly Equipment[], r: Requirement): string | undefined {
  const ranked = equipment
    .filter((e) => machineMeets(e, r))
    .map((e) => ({ e, f: footing(e, r) }))
    .sort((a, b) => a.f.unknown.length - b.f.unknown.length || a.f.inferred.length - b.f.inferred.length);
  const best = ranked[0];
  if (!best || (!best.f.inferred.length && !best.f.unknown.length)) return undefined;
  const said: string[] = [];
  if (best.f.inferred.length) said.push(`inferred, not yet confirmed by the co-op: ${best.f.inferred.join('; ')}`);
  if (best.f.unknown.length) said.push(`not known, check: ${best.f.unknown.join('; ')}`);
  return `${partOf(r)} on ${machineName(best.e)}: ${said.join('; ')}`;
}
