import type { CalendarSnapshot, HourNeed, TimeFit } from './calendar.types.js';
import { openHoursUntil } from './open-hours.js';

const round2 = (n: number) => Math.round(n * 100) / 100;
// Below this, a shortfall is rounding (hours are numeric(12,2) in the database).
const EPSILON = 0.005;

export interface Machine {
  id: string;
  quantity: number; // identical units: machine-hours per open hour
}

// Free hours of each machine for new work due at `dueMs`. Booked work is scheduled earliest due
// first, which is optimal for meeting deadlines on one resource: new work of h hours due at D fits
// exactly when, at D and at every later booked due date d, the open machine-hours until d cover
// the work due by d. The free hours are the smallest such margin. Bookings already past their due
// date still hold their hours (the work is not done) and count as due now.
export function freeHoursByMachine(
  cal: CalendarSnapshot,
  machines: readonly Machine[],
  nowMs: number,
  dueMs: number,
): Map<string | null, number> {
  const lanes: Array<{ id: string | null; units: number }> = [
    { id: null, units: 1 },
    ...machines.map((m) => ({ id: m.id, units: m.quantity })),
  ];
  const checkpoints = [...new Set([dueMs, ...cal.bookings.map((b) => Math.max(nowMs, b.until.getTime())).filter((t) => t > dueMs)])];
  const open = openHoursUntil(cal, nowMs, checkpoints);
  const free = new Map<string | null, number>();
  for (const lane of lanes) {
    const booked = cal.bookings.filter((b) => b.equipmentId === lane.id);
    let margin = Infinity;
    checkpoints.forEach((c, i) => {
      const due = booked.reduce((sum, b) => sum + (Math.max(nowMs, b.until.getTime()) <= c ? b.hours : 0), 0);
      margin = Math.min(margin, lane.units * open[i]! - due);
    });
    free.set(lane.id, Math.max(0, margin));
  }
  return free;
}

// Places each need on the machines that can do it, the need with the fewest machines first and
// then the machines with the most free hours first; a need may spread over several machines
// (parts are made in parallel). Greedy, so it can miss a placement a full assignment search would
// find when needs share machines; it never places more than a machine has free.
export function placeHours(needs: readonly HourNeed[], free: ReadonlyMap<string | null, number>): TimeFit {
  const left = new Map(free);
  const plan: TimeFit['plan'] = [];
  const usable = new Set<string | null>();
  let short = 0;
  const ordered = [...needs].sort((a, b) => (a.machineIds?.length ?? 0) - (b.machineIds?.length ?? 0) || a.key.localeCompare(b.key));
  for (const need of ordered) {
    const lanes: Array<string | null> = need.machineIds ?? [null];
    lanes.forEach((l) => usable.add(l));
    let todo = need.hours;
    for (const lane of [...lanes].sort((a, b) => (left.get(b) ?? 0) - (left.get(a) ?? 0))) {
      if (todo <= EPSILON) break;
      const take = Math.min(todo, left.get(lane) ?? 0);
      if (take <= 0) continue;
      left.set(lane, (left.get(lane) ?? 0) - take);
      if (round2(take) > 0) plan.push({ key: need.key, equipmentId: lane, hours: round2(take) });
      todo -= take;
    }
    short += Math.max(0, todo);
  }
  const neededHours = round2(needs.reduce((s, n) => s + n.hours, 0));
  const freeHours = round2([...usable].reduce((s, l) => s + (free.get(l) ?? 0), 0));
  return { basis: 'CALENDAR', neededHours, freeHours, fits: short <= EPSILON, plan };
}

// Without a calendar, the facility's declared weekly capacity less its current load, spread
// evenly over the weeks until the due date.
export function weeklyCapacityFit(capacityHoursPerWeek: number, load: number, neededHours: number, nowMs: number, dueMs: number): TimeFit {
  const weeks = Math.max(0, (dueMs - nowMs) / (7 * 24 * 3_600_000));
  const freeHours = round2(Math.max(0, capacityHoursPerWeek * (1 - Math.min(1, load))) * weeks);
  return { basis: 'WEEKLY_CAPACITY', neededHours, freeHours, fits: freeHours + EPSILON >= neededHours, plan: [] };
}

// The time term of the ranking, in [0, 1]: 1 when the work fits, else the share that does.
export function timeScore(fit: TimeFit): number {
  if (fit.fits || fit.neededHours <= 0) return 1;
  return Math.max(0, Math.min(1, fit.freeHours / fit.neededHours));
}

export function timeReason(fit: TimeFit, quantity: number, due: Date): string {
  const day = due.toISOString().slice(0, 10);
  const hours = `needs about ${fit.neededHours} machine-hours, ${Math.round(fit.freeHours)} free`;
  if (fit.basis === 'WEEKLY_CAPACITY') {
    return fit.fits
      ? `has about ${Math.round(fit.freeHours)} free machine-hours before ${day} (needs about ${fit.neededHours}; no calendar, estimated from weekly capacity)`
      : `may not finish by ${day}: about ${Math.round(fit.freeHours)} free machine-hours, needs about ${fit.neededHours} (no calendar, estimated from weekly capacity)`;
  }
  return fit.fits
    ? `can make ${quantity} by ${day} on its calendar: ${hours}`
    : `cannot make ${quantity} by ${day} on its calendar: ${hours}`;
}
