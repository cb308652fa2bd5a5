import type { Equipment } from '../facilities/facilities.types.js';

// A facility's machine-hour calendar: when it is open (local wall time, per ISO weekday, in its
// IANA zone), the local days it is closed, and the hours jobs have booked on its machines.
// The machines are the facility's equipment; a machine counted `quantity` times gives that many
// machine-hours per open hour.

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const; // ISO: 1 = Monday … 7 = Sunday
export const MINUTES_PER_DAY = 1440;

export interface OpeningInterval {
  weekday: number;
  opensMinute: number; // 0..1439, local wall time
  closesMinute: number; // opensMinute+1..1440 (1440: until midnight)
}

export interface Closure {
  id: string;
  startsOn: string; // local ISO date, inclusive
  endsOn: string; // local ISO date, inclusive
  reason: string | null;
}

export interface Booking {
  jobId: string;
  equipmentId: string | null; // null: bench work (assembly) on the facility's open hours
  hours: number;
  until: Date; // the job's due date: the hours are spent before it
}

export interface Calendar {
  facilityId: string;
  timeZone: string;
  hours: OpeningInterval[];
  closures: Closure[];
}

// Everything free-time arithmetic reads of one facility.
export interface CalendarSnapshot extends Calendar {
  bookings: Booking[];
}

// A snapshot with the facility's machines (its equipment), read in the same statement.
export interface MachineCalendar extends CalendarSnapshot {
  machines: Array<Equipment & { facilityId: string }>;
}

// What one request asks of a facility's machines: hours per requirement, and which machines
// can do each (an empty list of machines is bench work).
export interface HourNeed {
  key: string;
  hours: number;
  machineIds: string[] | null; // null: bench work
}

export interface TimeFit {
  basis: 'CALENDAR' | 'WEEKLY_CAPACITY';
  neededHours: number;
  freeHours: number; // free hours on the machines the work can use, before the due date
  fits: boolean;
  // Where the hours would go (calendar basis only).
  plan: Array<{ key: string; equipmentId: string | null; hours: number }>;
}
