import type { Calendar } from './calendar.types.js';
import { dayOfIsoDate, localDay, weekdayOf, zonedToUtc } from './zoned-time.js';

const HOUR_MS = 3_600_000;

// The instants a facility is open between two instants, as sorted [start, end) pairs (ms).
// Local days are walked in the facility's zone, so a day that loses or gains an hour to a
// daylight-saving change is open an hour less or more when its hours span the change.
export function openIntervals(
  cal: Pick<Calendar, 'timeZone' | 'hours' | 'closures'>,
  fromMs: number,
  toMs: number,
): Array<[number, number]> {
  if (!(toMs > fromMs) || !cal.hours.length) return [];
  const closed = cal.closures.map((c) => [dayOfIsoDate(c.startsOn), dayOfIsoDate(c.endsOn)] as const);
  const byWeekday = new Map<number, Array<[number, number]>>();
  for (const h of cal.hours) byWeekday.set(h.weekday, [...(byWeekday.get(h.weekday) ?? []), [h.opensMinute, h.closesMinute]]);
  const out: Array<[number, number]> = [];
  const last = localDay(toMs, cal.timeZone);
  for (let day = localDay(fromMs, cal.timeZone); day <= last; day++) {
    const slots = byWeekday.get(weekdayOf(day));
    if (!slots || closed.some(([a, b]) => day >= a && day <= b)) continue;
    for (const [opens, closes] of slots) {
      const s = Math.max(fromMs, zonedToUtc(day, opens, cal.timeZone));
      const e = Math.min(toMs, zonedToUtc(day, closes, cal.timeZone));
      if (e > s) out.push([s, e]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

export function openHoursBetween(cal: Pick<Calendar, 'timeZone' | 'hours' | 'closures'>, fromMs: number, toMs: number): number {
  return openIntervals(cal, fromMs, toMs).reduce((sum, [s, e]) => sum + (e - s), 0) / HOUR_MS;
}

// Open hours from `fromMs` until each of several instants, walking the calendar once.
export function openHoursUntil(
  cal: Pick<Calendar, 'timeZone' | 'hours' | 'closures'>,
  fromMs: number,
  untilMs: readonly number[],
): number[] {
  const end = Math.max(fromMs, ...untilMs);
  const intervals = openIntervals(cal, fromMs, end);
  return untilMs.map((u) => intervals.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, u) - s), 0) / HOUR_MS);
}
