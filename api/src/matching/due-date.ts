import type { TimeFit } from '../calendar/calendar.types.js';
import { timeReason, timeScore } from '../calendar/free-hours.js';
import type { MatchRow } from './matching.repository.js';
import type { MatchWeights } from './scoring.js';

// With a due date, free time before it is one more term of the score's weighted mean, next to
// the five the SQL ranks by. It is computed in JS, on the candidate pool the SQL returns, because
// it is calendar arithmetic in each facility's zone.
export function withTimeTerm(score: number, fit: TimeFit, weights: MatchWeights, timeWeight: number): number {
  const rest = weights.distance + weights.load + weights.verification + weights.cooperative + weights.reliability;
  return (score * rest + timeWeight * timeScore(fit)) / (rest + timeWeight);
}

export interface TimedRow {
  row: MatchRow;
  fit: TimeFit | undefined;
  rank: number; // the SQL's exact score with the time term
}

// The candidate pool ranked again with free time (ties nearest first, then by id, as the SQL
// ranks), without those whose free time falls short when the request requires it; the page is
// cut from this order, so paging and the total count see the same ranking.
export function rankWithTime(
  rows: readonly MatchRow[],
  fits: ReadonlyMap<string, TimeFit>,
  opts: { requireFreeHours: boolean; quantity: number; dueDate: Date; weights: MatchWeights; timeWeight: number },
): { ranked: TimedRow[]; timeExcluded: Map<string, string> } {
  const timeExcluded = new Map<string, string>();
  const ranked: TimedRow[] = [];
  for (const row of rows) {
    const fit = fits.get(row.id);
    if (fit && opts.requireFreeHours && !fit.fits) {
      timeExcluded.set(row.id, timeReason(fit, opts.quantity, opts.dueDate));
      continue;
    }
    ranked.push({ row, fit, rank: fit ? withTimeTerm(row.score, fit, opts.weights, opts.timeWeight) : row.score });
  }
  ranked.sort((a, b) => b.rank - a.rank || a.row.km - b.row.km || (a.row.id < b.row.id ? -1 : 1));
  return { ranked, timeExcluded };
}
