import { flowWindow, periodStart, shiftPeriod } from './flow-periods.js';

describe('flow periods', () => {
  it('starts weeks on Monday and months on the first, in UTC', () => {
    // Wednesday 25 November 2026, late evening UTC.
    const at = new Date('2026-11-25T23:30:00Z');
    expect(periodStart(at, 'DAY').toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(periodStart(at, 'WEEK').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart(at, 'MONTH').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    // A Sunday belongs to the week that began the Monday before.
    expect(periodStart(new Date('2026-11-29T12:00:00Z'), 'WEEK').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodStart(new Date('2026-11-30T00:00:00Z'), 'WEEK').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('shifts months across year ends', () => {
    expect(shiftPeriod(new Date('2026-11-01T00:00:00Z'), 'MONTH', 2).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(shiftPeriod(new Date('2026-01-01T00:00:00Z'), 'MONTH', -1).toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });

  it('covers the requested number of periods, ending after the current one', () => {
    const w = flowWindow(new Date('2026-02-10T08:00:00Z'), 'MONTH', 3);
    expect(w.starts.map((d) => d.toISOString().slice(0, 10))).toEqual(['2025-12-01', '2026-01-01', '2026-02-01']);
    expect(w.from.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    const d = flowWindow(new Date('2026-03-01T00:00:00Z'), 'DAY', 2);
    expect(d.starts.map((x) => x.toISOString().slice(0, 10))).toEqual(['2026-02-28', '2026-03-01']);
    expect(d.to.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
});
