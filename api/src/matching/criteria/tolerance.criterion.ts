import { TOLERANCE_CLASSES } from '../../designs/designs.types.js';
import { partOf, processLabel, type MatchingCriterion } from './criterion.js';

// ISO 2768-1 classes from finest to coarsest: a machine holding a finer class also holds a coarser one.
export function toleranceAtLeast(held: string | undefined, needed: string): boolean {
  if (!held) return false;
  return TOLERANCE_CLASSES.indexOf(held as never) <= TOLERANCE_CLASSES.indexOf(needed as never);
}

export function acceptableTolerances(needed: string): string[] {
  return TOLERANCE_CLASSES.slice(0, TOLERANCE_CLASSES.indexOf(needed as never) + 1);
}

// The machine holds the part's tolerance class, or a finer one. A machine that states no class is
// not excluded on it (no directory gives one, and none is inferred): the match says it is unknown.
export const toleranceCriterion: MatchingCriterion = {
  name: 'tolerance',
  applies: (r) => !!r.toleranceClass,
  meets: (e, r) => !e.toleranceClass || toleranceAtLeast(e.toleranceClass, r.toleranceClass!),
  sql: (r, param) => [`(e.tolerance_class IS NULL OR e.tolerance_class = ANY (${param(acceptableTolerances(r.toleranceClass!))}::text[]))`],
  whyNot: (r) => `no ${processLabel(r.process)} equipment holds ISO 2768 class ${r.toleranceClass} (needed for ${partOf(r)})`,
};
