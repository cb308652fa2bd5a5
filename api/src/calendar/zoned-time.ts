// Wall-clock time in a facility's IANA time zone, through the platform's Intl (full ICU) rather
// than a library: opening hours are written in local time, bookings and due dates are instants.
// A local day is named by its day number (days since 1970-01-01 in the local calendar).

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

// The local wall-clock reading of an instant, as if it were UTC (ms).
function wallMs(instantMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

// Minutes the zone is ahead of UTC at an instant (+60 for Berlin in winter, -180 for São Paulo).
// Cached per quarter hour: zones change offset only on whole quarter hours of UTC (their offsets
// and the local times they change at are whole quarter hours), and asking Intl costs microseconds.
const QUARTER_MS = 15 * MINUTE_MS;
const offsets = new Map<string, number>();
export function offsetMinutes(instantMs: number, timeZone: string): number {
  const quarter = Math.floor(instantMs / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  let o = offsets.get(key);
  if (o === undefined) {
    if (offsets.size > 200_000) offsets.clear();
    const start = quarter * QUARTER_MS;
    o = Math.round((wallMs(start, timeZone) - start) / MINUTE_MS);
    offsets.set(key, o);
  }
  return o;
}

// Offsets a zone uses during one local day, cached: most days have one offset, so a day's hours
// cost two lookups, and facilities share zones.
const dayOffsets = new Map<string, { start: number; end: number }>();
function offsetsOfDay(day: number, timeZone: string): { start: number; end: number } {
  const key = `${timeZone}|${day}`;
  let o = dayOffsets.get(key);
  if (!o) {
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    // Offsets a day before local midnight and a day after the next one bracket every offset in
    // force during the day, whatever the zone's distance from UTC (up to 14 h).
    const local = day * DAY_MS;
    o = { start: offsetMinutes(local - DAY_MS, timeZone), end: offsetMinutes(local + 2 * DAY_MS, timeZone) };
    dayOffsets.set(key, o);
  }
  return o;
}

// The instant a local wall-clock time of a local day happens. `minute` runs 0..1440 (1440 is the
// next midnight). Like Temporal's "compatible": a time skipped by a spring-forward gap moves later
// by the gap, and a time repeated by a fall-back is its first occurrence.
export function zonedToUtc(day: number, minute: number, timeZone: string): number {
  const local = day * DAY_MS + minute * MINUTE_MS;
  const { start, end } = offsetsOfDay(day, timeZone);
  if (start === end) return local - start * MINUTE_MS;
  const before = local - start * MINUTE_MS; // read with the offset in force before the change
  const after = local - end * MINUTE_MS;
  const validBefore = offsetMinutes(before, timeZone) === start;
  const validAfter = offsetMinutes(after, timeZone) === end;
  if (validBefore && validAfter) return Math.min(before, after); // repeated hour: the first one
  if (validBefore) return before;
  if (validAfter) return after;
  return before; // skipped: the same wall time shifted forward by the gap
}

// The local day number an instant falls on.
export function localDay(instantMs: number, timeZone: string): number {
  return Math.floor((instantMs + offsetMinutes(instantMs, timeZone) * MINUTE_MS) / DAY_MS);
}

// ISO weekday (1 = Monday … 7 = Sunday) of a local day number.
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

export function dayOfIsoDate(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
