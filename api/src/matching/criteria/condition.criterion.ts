import { partOf, processLabel, type MatchingCriterion } from './criterion.js';

// The machine works (is not waiting for repair).
export const conditionCriterion: MatchingCriterion = {
  name: 'condition',
  applies: () => true,
  meets: (e) => e.condition !== 'NEEDS_REPAIR',
  sql: () => [`e.condition <> 'NEEDS_REPAIR'`],
  whyNot: (r) => `its ${processLabel(r.process)} equipment needs repair (needed for ${partOf(r)})`,
};
