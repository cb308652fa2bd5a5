import { InvalidInputError } from '../common/errors/domain-error.js';
import { MINUTES_PER_DAY, WEEKDAYS, type OpeningInterval } from './calendar.types.js';
import { isTimeZone } from './zoned-time.js';

export interface OpeningHoursInput {
  weekday: number;
  opens: string; // HH:MM local
  closes: string; // HH:MM local, 24:00 for midnight
}

export interface CalendarInput {
  timeZone: string;
  hours: readonly OpeningHoursInput[];
}

export interface ClosureInput {
  startsOn: string;
  endsOn: string;
  reason?: string | null;
}

const MAX_INTERVALS = 7 * 8;
const MAX_CLOSURE_DAYS = 366;

function minuteOf(field: string, text: string, allowMidnight: boolean): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text.trim());
  const minute = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  const ok = m && Number(m[2]) < 60 && minute >= 0 && (minute < MINUTES_PER_DAY || (allowMidnight && minute === MINUTES_PER_DAY));
  if (!ok)
    throw new InvalidInputError(field, `${field} must be a local time HH:MM${allowMidnight ? ' (24:00 for midnight)' : ''}.`, 'INVALID');
  return minute;
}

// Opening hours as stored: minutes of local wall time per ISO weekday, intervals not overlapping.
export function parseCalendar(input: CalendarInput): { timeZone: string; hours: OpeningInterval[] } {
  const timeZone = input.timeZone?.trim() ?? '';
  if (!timeZone || !isTimeZone(timeZone))
    throw new InvalidInputError('timeZone', 'timeZone must be an IANA time zone such as Europe/Berlin.', 'INVALID');
  if (input.hours.length > MAX_INTERVALS)
    throw new InvalidInputError('hours', `At most ${MAX_INTERVALS} opening intervals.`, 'OUT_OF_RANGE');
  const hours = input.hours.map((h, i) => {
    const field = `hours[${i}]`;
    if (!(WEEKDAYS as readonly number[]).includes(h.weekday))
      throw new InvalidInputError(`${field}.weekday`, 'weekday must be 1 (Monday) to 7 (Sunday).', 'OUT_OF_RANGE');
    const opensMinute = minuteOf(`${field}.opens`, h.opens, false);
    const closesMinute = minuteOf(`${field}.closes`, h.closes, true);
    if (closesMinute <= opensMinute)
      throw new InvalidInputError(`${field}.closes`, 'closes must be after opens on the same day (split a night shift in two).', 'INVALID');
    return { weekday: h.weekday, opensMinute, closesMinute };
  });
  hours.sort((a, b) => a.weekday - b.weekday || a.opensMinute - b.opensMinute);
  for (let i = 1; i < hours.length; i++) {
    const [a, b] = [hours[i - 1]!, hours[i]!];
    if (a.weekday === b.weekday && b.opensMinute < a.closesMinute)
      throw new InvalidInputError('hours', `Opening intervals overlap on weekday ${a.weekday}.`, 'OVERLAP');
  }
  return { timeZone, hours };
}

function isoDate(field: string, text: string): string {
  const t = text?.trim() ?? '';
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== t)
    throw new InvalidInputError(field, `${field} must be a date YYYY-MM-DD.`, 'INVALID');
  return t;
}

export function parseClosure(input: ClosureInput): { startsOn: string; endsOn: string; reason: string | null } {
  const startsOn = isoDate('startsOn', input.startsOn);
  const endsOn = isoDate('endsOn', input.endsOn);
  const days = (Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000;
  if (days < 0) throw new InvalidInputError('endsOn', 'endsOn must be on or after startsOn.', 'INVALID');
  if (days >= MAX_CLOSURE_DAYS) throw new InvalidInputError('endsOn', `A closure lasts at most ${MAX_CLOSURE_DAYS} days.`, 'OUT_OF_RANGE');
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > 500) throw new InvalidInputError('reason', 'reason is at most 500 characters.', 'OUT_OF_RANGE');
  return { startsOn, endsOn, reason };
}
