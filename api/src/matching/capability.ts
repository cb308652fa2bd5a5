import { PROCESSES } from '../designs/process-taxonomy.js';
import { TOLERANCE_CLASSES } from '../designs/designs.types.js';
import type { Equipment } from '../facilities/facilities.types.js';
import { sortedVolume, type Requirement } from './requirements.js';

// The single statement of "this machine can make this part". The matching SQL filter
// (matching.repository.ts) encodes the same rules; a test keeps the two in agreement.

// ISO 2768-1 classes from finest to coarsest: a machine holding a finer class also holds a coarser one.
export function toleranceAtLeast(held: string | undefined, needed: string): boolean {
  if (!held) return false;
  return TOLERANCE_CLASSES.indexOf(held as never) <= TOLERANCE_CLASSES.indexOf(needed as never);
}

export function acceptableTolerances(needed: string): string[] {
  return TOLERANCE_CLASSES.slice(0, TOLERANCE_CLASSES.indexOf(needed as never) + 1);
}

function fits(machine: Equipment['buildVolumeMm'], needed: NonNullable<Requirement['minVolumeMm']>): boolean {
  if (!machine) return false;
  const m = sortedVolume(machine);
  return m.x >= needed.x && m.y >= needed.y && m.z >= needed.z;
}

export function machineMeets(e: Equipment, r: Requirement): boolean {
  return (
    e.process === r.process &&
    e.condition !== 'NEEDS_REPAIR' &&
    (!r.material || e.materials.includes(r.material)) &&
    (!r.minVolumeMm || fits(e.buildVolumeMm, r.minVolumeMm)) &&
    (!r.toleranceClass || toleranceAtLeast(e.toleranceClass, r.toleranceClass))
  );
}

const label = (code: string) => PROCESSES.find((p) => p.code === code)?.label ?? code;
const mm = (v: { x: number; y: number; z: number }) => `${v.x}×${v.y}×${v.z} mm`;

// Why no machine of a facility meets a requirement, in words a workshop can act on.
export function whyNot(equipment: readonly Equipment[], r: Requirement): string {
  const same = equipment.filter((e) => e.process === r.process);
  const part = `"${r.label}"`;
  if (!same.length) return `has no ${label(r.process)} equipment (needed for ${part})`;
  const working = same.filter((e) => e.condition !== 'NEEDS_REPAIR');
  if (!working.length) return `its ${label(r.process)} equipment needs repair (needed for ${part})`;
  const withMaterial = r.material ? working.filter((e) => e.materials.includes(r.material!)) : working;
  if (!withMaterial.length) return `does not list ${r.material} for ${label(r.process)} (needed for ${part})`;
  const bigEnough = r.minVolumeMm ? withMaterial.filter((e) => fits(e.buildVolumeMm, r.minVolumeMm!)) : withMaterial;
  if (!bigEnough.length) {
    const sizes = withMaterial.filter((e) => e.buildVolumeMm).map((e) => mm(sortedVolume(e.buildVolumeMm!)));
    return sizes.length
      ? `${label(r.process)} equipment is too small for ${part}: needs ${mm(r.minVolumeMm!)}, has at most ${sizes.join(', ')}`
      : `${label(r.process)} equipment declares no build volume (${part} needs ${mm(r.minVolumeMm!)})`;
  }
  return `no ${label(r.process)} equipment holds ISO 2768 class ${r.toleranceClass} (needed for ${part})`;
}

// Requirements a facility cannot meet, with the reason for each.
export function unmet(equipment: readonly Equipment[], reqs: readonly Requirement[]): Array<{ requirement: Requirement; reason: string }> {
  return reqs.filter((r) => !equipment.some((e) => machineMeets(e, r))).map((requirement) => ({ requirement, reason: whyNot(equipment, requirement) }));
}
