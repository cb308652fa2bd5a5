import type { Equipment } from '../../facilities/facilities.types.js';
import { sortedVolume, type Requirement } from '../requirements.js';
import { mm, partOf, processLabel, type MatchingCriterion } from './criterion.js';

// The part fits the machine in some orientation: the machine's sides sorted against the part's
// sorted sides (requirements keep theirs sorted).
function fits(machine: Equipment['buildVolumeMm'], needed: NonNullable<Requirement['minVolumeMm']>): boolean {
  if (!machine) return false;
  const m = sortedVolume(machine);
  return m.x >= needed.x && m.y >= needed.y && m.z >= needed.z;
}

const lo = 'least(e.build_x_mm, e.build_y_mm, e.build_z_mm)';
const hi = 'greatest(e.build_x_mm, e.build_y_mm, e.build_z_mm)';

export const buildVolumeCriterion: MatchingCriterion = {
  name: 'build volume',
  applies: (r) => !!r.minVolumeMm,
  meets: (e, r) => fits(e.buildVolumeMm, r.minVolumeMm!),
  // A machine without a volume has NULL sides: the comparisons are NULL, so not met.
  sql: (r, param) => [
    `${lo} >= ${param(r.minVolumeMm!.x)}`,
    `(e.build_x_mm + e.build_y_mm + e.build_z_mm - ${lo} - ${hi}) >= ${param(r.minVolumeMm!.y)}`,
    `${hi} >= ${param(r.minVolumeMm!.z)}`,
  ],
  whyNot: (r, machines) => {
    const sizes = machines.filter((e) => e.buildVolumeMm).map((e) => mm(sortedVolume(e.buildVolumeMm!)));
    return sizes.length
      ? `${processLabel(r.process)} equipment is too small for ${partOf(r)}: needs ${mm(r.minVolumeMm!)}, has at most ${sizes.join(', ')}`
      : `${processLabel(r.process)} equipment declares no build volume (${partOf(r)} needs ${mm(r.minVolumeMm!)})`;
  },
};
