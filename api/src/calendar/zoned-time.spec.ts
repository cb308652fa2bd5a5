import type { Calendar } from './calendar.types.js';
import { openHoursBetween } from './open-hours.js';
import { dayOfIsoDate, localDay, offsetMinutes, weekdayOf, zonedToUtc } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const utc = (day: string, minute: number, zone: string) => new Date(zonedToUtc(dayOfIsoDate(day), minute, zone)).toISOString();
const allDays = (opens: number, closes: number) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensMinute: opens, closesMinute: closes }));
const cal = (timeZone: string, hours: Calendar['hours'], closures: Calendar['closures'] = []) => ({ timeZone, hours, closures });
// Open hours during one local day of a zone.
const hoursOnDay = (c: ReturnType<typeof cal>, day: string) => {
  const d = dayOfIsoDate(day);
  return openHoursBetween(c, zonedToUtc(d, 0, c.timeZone), zonedToUtc(d + 1, 0, c.timeZone));
};

describe('local wall time in IANA zones', () => {
  it('names weekdays and local days', () => {
    expect(weekdayOf(dayOfIsoDate('2026-03-02'))).toBe(1); // a Monday
    expect(weekdayOf(dayOfIsoDate('2026-03-29'))).toBe(7);
    // 23:30 UTC on 1 March is already 2 March in Berlin, still 1 March in São Paulo.
    expect(localDay(at('2026-03-01T23:30:00Z'), 'Europe/Berlin')).toBe(dayOfIsoDate('2026-03-02'));
    expect(localDay(at('2026-03-01T23:30:00Z'), 'America/Sao_Paulo')).toBe(dayOfIsoDate('2026-03-01'));
  });

  it('follows Berlin across the March and October changes', () => {
    expect(offsetMinutes(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutes(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(utc('2026-03-29', 8 * 60, 'Europe/Berlin')).toBe('2026-03-29T06:00:00.000Z');
    expect(utc('2026-03-22', 8 * 60, 'Europe/Berlin')).toBe('2026-03-22T07:00:00.000Z');
    // 02:30 does not exist on 29 March: it moves forward by the gap, to 03:30 summer time.
    expect(utc('2026-03-29', 150, 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the first one, still in summer time.
    expect(utc('2026-10-25', 150, 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(utc('2026-10-25', 24 * 60, 'Europe/Berlin')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('counts a 24-hour facility 23 hours on the spring day and 25 on the autumn day', () => {
    const always = cal('Europe/Berlin', allDays(0, 1440));
    expect(hoursOnDay(always, '2026-03-28')).toBe(24);
    expect(hoursOnDay(always, '2026-03-29')).toBe(23);
    expect(hoursOnDay(always, '2026-10-25')).toBe(25);
    expect(openHoursBetween(always, at('2026-03-23T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(7 * 24 - 1);
  });

  it('gives a night shift spanning the change its real length, and a day shift its usual one', () => {
    const night = cal('Europe/Berlin', allDays(120, 240)); // 02:00–04:00
    expect(hoursOnDay(night, '2026-03-29')).toBe(1);
    expect(hoursOnDay(night, '2026-10-25')).toBe(3);
    expect(hoursOnDay(cal('Europe/Berlin', allDays(480, 1080)), '2026-03-29')).toBe(10);
  });

  it('keeps São Paulo on UTC−3 all year since 2019, and skipped its midnight in 2018', () => {
    expect(offsetMinutes(at('2026-01-15T12:00:00Z'), 'America/Sao_Paulo')).toBe(-180);
    expect(offsetMinutes(at('2026-07-15T12:00:00Z'), 'America/Sao_Paulo')).toBe(-180);
    const always = cal('America/Sao_Paulo', allDays(0, 1440));
    expect(hoursOnDay(always, '2026-11-01')).toBe(24);
    // On 4 November 2018 clocks went from 00:00 to 01:00: that day had 23 hours, from 01:00.
    expect(utc('2018-11-04', 0, 'America/Sao_Paulo')).toBe('2018-11-04T03:00:00.000Z');
    expect(hoursOnDay(always, '2018-11-04')).toBe(23);
    expect(hoursOnDay(cal('America/Sao_Paulo', allDays(0, 480)), '2018-11-04')).toBe(7);
  });

  it('follows Auckland’s southern-hemisphere changes (April back, September forward)', () => {
    expect(offsetMinutes(at('2026-01-10T00:00:00Z'), 'Pacific/Auckland')).toBe(780);
    expect(offsetMinutes(at('2026-07-10T00:00:00Z'), 'Pacific/Auckland')).toBe(720);
    const always = cal('Pacific/Auckland', allDays(0, 1440));
    expect(hoursOnDay(always, '2026-04-05')).toBe(25);
    expect(hoursOnDay(always, '2026-09-27')).toBe(23);
    // Monday 9:00 in Auckland is Sunday evening UTC.
    expect(utc('2026-07-13', 540, 'Pacific/Auckland')).toBe('2026-07-12T21:00:00.000Z');
  });

  it('sums a working week, skips closed days and clips to the window', () => {
    const weekdays = cal(
      'Europe/Berlin',
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 540, closesMinute: 1020 })),
    );
    const monday = at('2026-03-02T00:00:00+01:00');
    expect(openHoursBetween(weekdays, monday, monday + 7 * 86_400_000)).toBe(40);
    const closed = { ...weekdays, closures: [{ id: 'c', startsOn: '2026-03-03', endsOn: '2026-03-04', reason: 'inventory' }] };
    expect(openHoursBetween(closed, monday, monday + 7 * 86_400_000)).toBe(24);
    // From Monday 13:00 to Tuesday 10:00: 4 + 1 hours.
    expect(openHoursBetween(weekdays, at('2026-03-02T13:00:00+01:00'), at('2026-03-03T10:00:00+01:00'))).toBe(5);
    expect(openHoursBetween(weekdays, monday, monday)).toBe(0);
  });
});
