import { partOf, processLabel, type MatchingCriterion } from './criterion.js';

// The machine does the part's process.
export const processCriterion: MatchingCriterion = {
  name: 'process',
  applies: () => true,
  meets: (e, r) => e.process === r.process,
  sql: (r, param) => [`e.process = ${param(r.process)}`],
  whyNot: (r) => `has no ${processLabel(r.process)} equipment (needed for ${partOf(r)})`,
};
