import { flowColumns, mainCurrency, type FlowRow } from './flows';

const row = (periodStart: string, bucket: string, amountMinor: string, currency = 'EUR'): FlowRow => ({
  periodStart,
  bucket,
  amount: { amountMinor, currency },
});

describe('payout flow columns', () => {
  const periods = ['2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'];

  it('keeps empty periods and sums buckets exactly', () => {
    const rows = [
      row('2026-09-01T00:00:00.000Z', 'LINEAGE', '9007199254740993'),
      row('2026-09-01T00:00:00.000Z', 'FABRICATION', '7'),
      row('2026-11-01T00:00:00.000Z', 'SOLIDARITY', '5'),
    ];
    const { buckets, columns } = flowColumns(periods, rows, 'EUR');
    expect(buckets).toEqual(['FABRICATION', 'LINEAGE', 'SOLIDARITY']);
    expect(columns.map((c) => c.total)).toEqual([9007199254741000n, 0n, 5n]);
    expect(columns[0]!.byBucket).toEqual({ LINEAGE: 9007199254740993n, FABRICATION: 7n });
    expect(columns[1]!.byBucket).toEqual({});
  });

  it('never mixes currencies and picks the one with most money', () => {
    const rows = [
      row('2026-10-01T00:00:00.000Z', 'FABRICATION', '100', 'GBP'),
      row('2026-10-01T00:00:00.000Z', 'FABRICATION', '40'),
      row('2026-11-01T00:00:00.000Z', 'COMMONS', '70'),
    ];
    expect(mainCurrency(rows)).toBe('EUR');
    expect(mainCurrency([])).toBeNull();
    const { columns, buckets } = flowColumns(periods, rows, 'GBP');
    expect(buckets).toEqual(['FABRICATION']);
    expect(columns.map((c) => c.total)).toEqual([0n, 100n, 0n]);
  });

  it('matches periods by instant, whatever the timestamp spelling', () => {
    const { columns } = flowColumns(periods, [row('2026-10-01T00:00:00Z', 'COMMONS', '3')], 'EUR');
    expect(columns[1]!.total).toBe(3n);
  });
});
