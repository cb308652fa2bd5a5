import { partOf, processLabel, type MatchingCriterion } from './criterion.js';

// The machine lists the part's material (both lower-case).
export const materialCriterion: MatchingCriterion = {
  name: 'material',
  applies: (r) => !!r.material,
  meets: (e, r) => e.materials.includes(r.material!),
  sql: (r, param) => [`${param(r.material)} = ANY (e.materials)`],
  whyNot: (r) => `does not list ${r.material} for ${processLabel(r.process)} (needed for ${partOf(r)})`,
};
