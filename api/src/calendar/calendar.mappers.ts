import type { Calendar } from './calendar.types.js';
import type { FacilityCalendarModel } from './models/calendar.models.js';

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export function toCalendarModel(c: Calendar): FacilityCalendarModel {
  return {
    facilityId: c.facilityId,
    timeZone: c.timeZone,
    hours: c.hours.map((h) => ({ weekday: h.weekday, opens: hhmm(h.opensMinute), closes: hhmm(h.closesMinute) })),
    closures: c.closures,
  };
}
