import type { CalendarSnapshot } from './calendar.types.js';
import { freeHoursByMachine, placeHours, timeScore, weeklyCapacityFit } from './free-hours.js';

const at = (iso: string) => Date.parse(iso);
// Monday to Friday, 9:00–17:00 in Berlin: 8 machine-hours a day per unit.
const snapshot = (bookings: CalendarSnapshot['bookings'] = []): CalendarSnapshot => ({
  facilityId: 'f',
  timeZone: 'Europe/Berlin',
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 540, closesMinute: 1020 })),
  closures: [],
  bookings,
});
const monday = at('2026-03-02T00:00:00+01:00');
const wednesdayNight = at('2026-03-04T23:00:00+01:00');
const fridayNight = at('2026-03-06T23:00:00+01:00');

describe('free machine-hours before a due date', () => {
  it('multiplies open hours by identical units and leaves bench hours on the facility’s open hours', () => {
    const free = freeHoursByMachine(snapshot(), [{ id: 'laser', quantity: 2 }], monday, wednesdayNight);
    expect(free.get('laser')).toBe(48);
    expect(free.get(null)).toBe(24);
  });

  it('keeps hours for booked work due later, earliest due first', () => {
    // 30 hours due Friday: by Friday only 10 of the week’s 40 are left, so new work due
    // Wednesday has 10 free hours, not the 24 open until then.
    const booked = snapshot([{ jobId: 'j', equipmentId: 'laser', hours: 30, until: new Date(fridayNight) }]);
    expect(freeHoursByMachine(booked, [{ id: 'laser', quantity: 1 }], monday, wednesdayNight).get('laser')).toBe(10);
    expect(freeHoursByMachine(booked, [{ id: 'laser', quantity: 1 }], monday, fridayNight).get('laser')).toBe(10);
    // A booking on another machine changes nothing here.
    expect(freeHoursByMachine(booked, [{ id: 'mill', quantity: 1 }], monday, wednesdayNight).get('mill')).toBe(24);
  });

  it('counts overdue bookings as due now', () => {
    const late = snapshot([{ jobId: 'j', equipmentId: 'laser', hours: 5, until: new Date(monday - 86_400_000) }]);
    expect(freeHoursByMachine(late, [{ id: 'laser', quantity: 1 }], monday, wednesdayNight).get('laser')).toBe(19);
  });

  it('places needs on their machines, spreading over several, and says when hours are short', () => {
    const free = new Map<string | null, number>([
      ['a', 10],
      ['b', 6],
      [null, 8],
    ]);
    const fit = placeHours(
      [
        { key: 'p1', hours: 12, machineIds: ['a', 'b'] },
        { key: 'p2', hours: 4, machineIds: ['b'] },
      ],
      free,
    );
    expect(fit).toMatchObject({ fits: true, neededHours: 16, freeHours: 16 });
    // p2 (one machine) first: b gives it 4; p1 then takes 10 from a and 2 from b.
    expect(fit.plan).toEqual([
      { key: 'p2', equipmentId: 'b', hours: 4 },
      { key: 'p1', equipmentId: 'a', hours: 10 },
      { key: 'p1', equipmentId: 'b', hours: 2 },
    ]);
    const short = placeHours([{ key: 'p1', hours: 20, machineIds: ['a'] }], free);
    expect(short).toMatchObject({ fits: false, neededHours: 20, freeHours: 10 });
    expect(timeScore(short)).toBe(0.5);
    expect(placeHours([{ key: 'p1', hours: 1, machineIds: [] }], free).fits).toBe(false);
  });

  it('falls back to weekly capacity less load without a calendar', () => {
    const fit = weeklyCapacityFit(40, 0.5, 50, monday, monday + 14 * 86_400_000);
    expect(fit).toMatchObject({ basis: 'WEEKLY_CAPACITY', freeHours: 40, fits: false });
    expect(weeklyCapacityFit(40, 0, 50, monday, monday + 14 * 86_400_000).fits).toBe(true);
  });
});
