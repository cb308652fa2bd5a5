// Calendar periods (UTC) for the public flow charts: the window ending with the current period,
// and the start of each period in it, so a chart can show the empty ones too.
export const FLOW_INTERVALS = ['DAY', 'WEEK', 'MONTH'] as const;
export type FlowInterval = (typeof FLOW_INTERVALS)[number];
export const MAX_FLOW_PERIODS = 366;

const DAY_MS = 86_400_000;

// The start of the period holding `at`. Weeks start on Monday, as date_trunc('week') does.
export function periodStart(at: Date, interval: FlowInterval): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (interval === 'DAY') return new Date(day);
  if (interval === 'WEEK') return new Date(day - ((at.getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

// The start of the period `n` periods after the one starting at `start` (n may be negative).
export function shiftPeriod(start: Date, interval: FlowInterval, n: number): Date {
  if (interval === 'DAY') return new Date(start.getTime() + n * DAY_MS);
  if (interval === 'WEEK') return new Date(start.getTime() + 7 * n * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + n, 1));
}

// `periods` periods ending with the one holding `now`: their starts, and the half-open window.
export function flowWindow(now: Date, interval: FlowInterval, periods: number): { starts: Date[]; from: Date; to: Date } {
  const current = periodStart(now, interval);
  const starts = Array.from({ length: periods }, (_, i) => shiftPeriod(current, interval, i - periods + 1));
  return { starts, from: starts[0]!, to: shiftPeriod(current, interval, 1) };
}
