import { buildVolumeCriterion } from './build-volume.criterion.js';
import { conditionCriterion } from './condition.criterion.js';
import type { MatchingCriterion } from './criterion.js';
import { materialCriterion } from './material.criterion.js';
import { processCriterion } from './process.criterion.js';
import { toleranceCriterion } from './tolerance.criterion.js';

export type { MatchingCriterion } from './criterion.js';

// Every criterion of "this machine can make this part", in the order a workshop is told what is
// missing (the first unmet one is the reason). Adding one is its file, its test and a line here.
export const MATCHING_CRITERIA: readonly MatchingCriterion[] = [
  processCriterion,
  conditionCriterion,
  materialCriterion,
  buildVolumeCriterion,
  toleranceCriterion,
];
