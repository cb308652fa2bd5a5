import type { TimeFit } from '../calendar/calendar.types.js';
import { timeScore } from '../calendar/free-hours.js';
import type { MatchWeights } from './scoring.js';

// With a due date, free time before it is one more term of the score's weighted mean, next to
// the four the SQL ranks by. It is computed in JS, on the candidate pool the SQL returns, because
// it is calendar arithmetic in each facility's zone.
export function withTimeTerm(score: number, fit: TimeFit, weights: MatchWeights, timeWeight: number): number {
  const rest = weights.distance + weights.load + weights.verification + weights.cooperative;
  return (score * rest + timeWeight * timeScore(fit)) / (rest + timeWeight);
}
