import type { Selectable } from 'kysely';
import type { DB } from '../database/sql.js';
import { toEquipment } from '../facilities/facility-rows.js';
import type { MachineCalendar } from './calendar.types.js';

// A facility's calendar with what free time is computed from, as one JSON value: its zone, opening
// hours, closures ending on or after `since` (a date), every booking held, and its machines (its
// equipment). The matching query selects it for each candidate, so a match with a due date takes
// no extra round trip; the calendar repository reads the same expression.
export function calendarJsonSql(facilityId: string, since: string): string {
  return `(SELECT json_build_array(c.time_zone,
      coalesce((SELECT json_agg(json_build_array(h.weekday, h.opens_minute, h.closes_minute) ORDER BY h.weekday, h.opens_minute)
                  FROM calendar_opening_hours h WHERE h.facility_id = c.facility_id), '[]'),
      coalesce((SELECT json_agg(json_build_array(x.id, x.starts_on, x.ends_on, x.reason) ORDER BY x.starts_on, x.id)
                  FROM calendar_closures x WHERE x.facility_id = c.facility_id AND x.ends_on >= ${since}), '[]'),
      coalesce((SELECT json_agg(json_build_array(b.job_id, b.equipment_id, b.hours, b.until) ORDER BY b.until, b.id)
                  FROM calendar_bookings b WHERE b.facility_id = c.facility_id), '[]'),
      coalesce((SELECT json_agg(e ORDER BY e.id) FROM facility_equipment e WHERE e.facility_id = c.facility_id), '[]'))
    FROM facility_calendars c WHERE c.facility_id = ${facilityId})`;
}

export type CalendarJson = [
  string,
  Array<[number, number, number]>,
  Array<[string, string, string, string | null]>,
  Array<[string, string | null, number | string, string]>,
  Array<Selectable<DB['facility_equipment']>>,
];

// Closures that ended before the day before `from` cannot touch free time from `from` on (the day
// before covers zones ahead of UTC).
export function closuresSince(from: Date): string {
  return new Date(from.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export function calendarFromJson(facilityId: string, j: CalendarJson | null): MachineCalendar | null {
  if (!j) return null;
  const [timeZone, hours, closures, bookings, machines] = j;
  return {
    facilityId,
    timeZone,
    hours: hours.map(([weekday, opensMinute, closesMinute]) => ({ weekday, opensMinute, closesMinute })),
    closures: closures.map(([id, startsOn, endsOn, reason]) => ({ id, startsOn, endsOn, reason })),
    bookings: bookings.map(([jobId, equipmentId, hours, until]) => ({ jobId, equipmentId, hours: Number(hours), until: new Date(until) })),
    machines: machines.map(toEquipment),
  };
}
