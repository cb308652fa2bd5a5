import type { Equipment } from '../../facilities/facilities.types.js';
import { sortedVolume, type Requirement } from '../requirements.js';
import { mm, partOf, processLabel, type MatchingCriterion } from './criterion.js';

// The part fits the machine in some orientation: the machine's sides sorted against the part's
// sorted sides (requirements keep theirs sorted). A machine whose volume is neither stated nor
// inferred is not excluded on it: the directories leave most volumes out, and the match says the
// volume is unknown (capability.ts, footing) so the requester and the co-op check it.
function fits(machine: Equipment['buildVolumeMm'], needed: NonNullable<Requirement['minVolumeMm']>): boolean {
  if (!machine) return true;
  const m = sortedVolume(machine);
  return m.x >= needed.x && m.y >= needed.y && m.z >= needed.z;
}

const lo = 'least(e.build_x_mm, e.build_y_mm, e.build_z_mm)';
const hi = 'greatest(e.build_x_mm, e.build_y_mm, e.build_z_mm)';

export const buildVolumeCriterion: MatchingCriterion = {
  name: 'build volume',
  applies: (r) => !!r.minVolumeMm,
  meets: (e, r) => fits(e.buildVolumeMm, r.minVolumeMm!),
  // A machine without a volume has NULL sides (all three or none: toEquipment reads it so too).
  sql: (r, param) => [
    `(e.build_x_mm IS NULL OR e.build_y_mm IS NULL OR e.build_z_mm IS NULL OR (${lo} >= ${param(r.minVolumeMm!.x)}
      AND (e.build_x_mm + e.build_y_mm + e.build_z_mm - ${lo} - ${hi}) >= ${param(r.minVolumeMm!.y)}
      AND ${hi} >= ${param(r.minVolumeMm!.z)}))`,
  ],
  whyNot: (r, machines) => {
    const sizes = machines.filter((e) => e.buildVolumeMm).map((e) => mm(sortedVolume(e.buildVolumeMm!)));
    return `${processLabel(r.process)} equipment is too small for ${partOf(r)}: needs ${mm(r.minVolumeMm!)}, has at most ${sizes.join(', ')}`;
  },
};
