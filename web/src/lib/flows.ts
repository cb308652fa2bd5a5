// Turns the API's sparse (period, bucket, currency) sums into one column per period for a
// stacked chart, in exact minor units; empty periods stay as columns of zero.
export interface FlowRow {
  periodStart: string;
  bucket: string;
  amount: { amountMinor: string; currency: string };
}

export interface FlowColumn {
  periodStart: string;
  byBucket: Record<string, bigint>;
  total: bigint;
}

// The currency with the most money distributed, so a chart never adds euros to pounds.
export function mainCurrency(rows: FlowRow[]): string | null {
  const totals = new Map<string, bigint>();
  for (const r of rows) totals.set(r.amount.currency, (totals.get(r.amount.currency) ?? 0n) + BigInt(r.amount.amountMinor));
  let best: string | null = null;
  for (const [c, v] of totals) if (best === null || v > totals.get(best)! || (v === totals.get(best)! && c < best)) best = c;
  return best;
}

export function flowColumns(periodStarts: string[], rows: FlowRow[], currency: string): { buckets: string[]; columns: FlowColumn[] } {
  const at = new Map(periodStarts.map((p): [number, FlowColumn] => [new Date(p).getTime(), { periodStart: p, byBucket: {}, total: 0n }]));
  const buckets = new Set<string>();
  for (const r of rows) {
    if (r.amount.currency !== currency) continue;
    const column = at.get(new Date(r.periodStart).getTime());
    if (!column) continue;
    const v = BigInt(r.amount.amountMinor);
    column.byBucket[r.bucket] = (column.byBucket[r.bucket] ?? 0n) + v;
    column.total += v;
    buckets.add(r.bucket);
  }
  return { buckets: [...buckets].sort(), columns: [...at.values()] };
}
