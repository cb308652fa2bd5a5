import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import type { Equipment } from '../facilities/facilities.types.js';
import { machineMeets } from '../matching/capability.js';
import type { Requirement } from '../matching/requirements.js';
import { parseCalendar, parseClosure, type CalendarInput, type ClosureInput } from './calendar-input.js';
import { CalendarRepository } from './calendar.repository.js';
import type { Booking, Calendar, CalendarSnapshot, HourNeed, MachineCalendar, TimeFit } from './calendar.types.js';
import { freeHoursByMachine, placeHours, weeklyCapacityFit } from './free-hours.js';

export interface Candidate {
  id: string;
  capacityHoursPerWeek: number;
  load: number; // committed hours over weekly capacity
}

// The work a request or a job asks of a facility: the fabricated parts, each on a machine that
// meets it, or (no part to fabricate) bench hours for assembly.
export interface Work {
  requirements: readonly Requirement[];
  quantity: number;
  hoursPerPart: number;
  benchHours?: number; // assembly-only work: its estimated hours
}

export function needsOf(work: Work, equipment: readonly Equipment[]): HourNeed[] {
  if (!work.requirements.length)
    return [{ key: 'assembly', hours: work.benchHours ?? work.quantity * work.hoursPerPart, machineIds: null }];
  return work.requirements.map((r) => ({
    key: r.key,
    hours: r.quantityPerUnit * work.quantity * work.hoursPerPart,
    machineIds: equipment.filter((e) => machineMeets(e, r)).map((e) => e.id),
  }));
}

// Whether work fits a facility's calendar before a due date, and where its hours would go.
export function fitOnCalendar(
  snapshot: CalendarSnapshot,
  equipment: readonly Equipment[],
  work: Work,
  nowMs: number,
  dueMs: number,
): TimeFit {
  const free = freeHoursByMachine(snapshot, equipment, nowMs, dueMs);
  return placeHours(needsOf(work, equipment), free);
}

@Injectable()
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly facilities: FacilitiesService,
    private readonly access: AccessService,
    private readonly uow: UnitOfWork,
  ) {}

  async calendarOf(facilityId: string): Promise<Calendar | null> {
    await this.facilities.get(facilityId);
    return this.repository.find(facilityId);
  }

  // Bookings show which jobs hold the machines: for the facility's own members.
  async bookingsOf(viewer: Viewer, facilityId: string): Promise<Booking[]> {
    await this.access.require(viewer, 'facility:manage-calendar', await this.facilities.get(facilityId));
    return this.repository.bookingsOf(facilityId);
  }

  // Sets the zone and replaces the weekly opening hours; closures and bookings stay.
  async setCalendar(viewer: Viewer, facilityId: string, input: CalendarInput): Promise<Calendar> {
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:manage-calendar', facility);
    const parsed = parseCalendar(input);
    await this.uow.run((tx) => this.repository.save(tx, facility.id, parsed.timeZone, parsed.hours));
    return (await this.repository.find(facility.id))!;
  }

  async addClosure(viewer: Viewer, facilityId: string, input: ClosureInput): Promise<Calendar> {
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:manage-calendar', facility);
    const closure = parseClosure(input);
    if (!(await this.repository.find(facility.id)))
      throw new InvalidInputError('facilityId', 'Set the facility’s opening hours before adding closures.', 'NO_CALENDAR');
    await this.uow.run((tx) => this.repository.addClosure(tx, facility.id, { id: randomUUID(), ...closure }));
    return (await this.repository.find(facility.id))!;
  }

  async removeClosure(viewer: Viewer, facilityId: string, closureId: string): Promise<Calendar> {
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:manage-calendar', facility);
    const removed = await this.uow.run((tx) => this.repository.removeClosure(tx, facility.id, closureId));
    if (!removed) throw new NotFoundError('CalendarClosure', closureId);
    return (await this.repository.find(facility.id))!;
  }

  // For matching: how each candidate's free time meets the work before the due date. Facilities
  // with a calendar are measured on it; the others on their declared weekly capacity and load.
  // `known`: calendars already read with the candidates (null: the facility keeps none).
  async fits(
    candidates: readonly Candidate[],
    work: Work,
    due: Date,
    now = new Date(),
    known?: ReadonlyMap<string, MachineCalendar | null>,
  ): Promise<Map<string, TimeFit>> {
    const fitters = await this.fitters(candidates, work, due, now, known);
    return new Map([...fitters].map(([id, fit]) => [id, fit(work.requirements.map((r) => r.key))]));
  }

  // For split plans: per candidate, how a subset of the work (requirement keys) fits its free time.
  // Free hours are computed once per facility; each subset is then only placed on its machines.
  async fitters(
    candidates: readonly Candidate[],
    work: Work,
    due: Date,
    now = new Date(),
    known?: ReadonlyMap<string, MachineCalendar | null>,
  ): Promise<Map<string, (keys: readonly string[]) => TimeFit>> {
    const snapshots =
      known ??
      (await this.repository.snapshots(
        candidates.map((c) => c.id),
        now,
      ));
    const [nowMs, dueMs] = [now.getTime(), due.getTime()];
    const part = (keys: readonly string[]): Work => {
      const requirements = work.requirements.filter((r) => keys.includes(r.key));
      return { ...work, requirements, benchHours: requirements.length || !work.requirements.length ? work.benchHours : 0 };
    };
    const out = new Map<string, (keys: readonly string[]) => TimeFit>();
    for (const c of candidates) {
      const snapshot = snapshots.get(c.id);
      const kit = snapshot?.machines ?? [];
      if (snapshot) {
        const free = freeHoursByMachine(snapshot, kit, nowMs, dueMs);
        out.set(c.id, (keys) => placeHours(needsOf(part(keys), kit), free));
      } else {
        const hours = (keys: readonly string[]) => Math.round(needsOf(part(keys), []).reduce((s, n) => s + n.hours, 0) * 100) / 100;
        out.set(c.id, (keys) => weeklyCapacityFit(c.capacityHoursPerWeek, c.load, hours(keys), nowMs, dueMs));
      }
    }
    return out;
  }

  // Books a claimed job's hours inside the claim's unit of work. The facility's calendar row is
  // locked first, so concurrent claims on one facility book one after another and none overbooks.
  // A facility without a calendar books nothing (its load is the claimed jobs' hours, as before).
  async book(
    tx: Tx,
    a: { facilityId: string; jobId: string; claimSeq: number; work: Work; due: Date },
    now = new Date(),
  ): Promise<TimeFit | null> {
    const snapshot = await this.repository.lock(tx, a.facilityId);
    if (!snapshot) return null;
    const fit = fitOnCalendar(snapshot, snapshot.machines, a.work, now.getTime(), a.due.getTime());
    return this.recordPlacement(
      tx,
      a,
      fit,
      a.due,
      'This facility’s calendar has too few free machine-hours before the due date for this job.',
    );
  }

  // Books machine-hours a lending facility gives to another co-op's job (a subcontract), inside
  // the subcontract's unit of work and under the lender's calendar lock, on its machines that meet
  // the requirement, between `from` and `until`. Freed with the job's other bookings.
  async bookLent(
    tx: Tx,
    a: { facilityId: string; jobId: string; claimSeq: number; requirement: Requirement; hours: number; from: Date; until: Date },
    now = new Date(),
  ): Promise<TimeFit> {
    const snapshot = await this.repository.lock(tx, a.facilityId);
    if (!snapshot)
      throw new ConflictError('The lending facility keeps no calendar, so its hours cannot be booked.', { reason: 'NO_CALENDAR' });
    const machineIds = snapshot.machines.filter((m) => machineMeets(m, a.requirement)).map((m) => m.id);
    if (!machineIds.length) throw new ConflictError('No machine of the lending facility can make this part.', { reason: 'NO_MACHINE' });
    const fromMs = Math.max(now.getTime(), a.from.getTime());
    const free = freeHoursByMachine(snapshot, snapshot.machines, fromMs, a.until.getTime());
    const fit = placeHours([{ key: a.requirement.key, hours: a.hours, machineIds }], free);
    return this.recordPlacement(
      tx,
      a,
      fit,
      a.until,
      'The lending facility’s calendar has too few free machine-hours in the offer’s window before the due date.',
    );
  }

  // A placement that fits is written as the job's bookings (spent before `until`); one that does
  // not refuses the whole unit of work with the hours needed and free.
  private async recordPlacement(
    tx: Tx,
    a: { facilityId: string; jobId: string; claimSeq: number },
    fit: TimeFit,
    until: Date,
    tooFew: string,
  ): Promise<TimeFit> {
    if (!fit.fits) throw new ConflictError(tooFew, { neededHours: fit.neededHours, freeHours: fit.freeHours });
    await this.repository.insertBookings(
      tx,
      a.facilityId,
      a.jobId,
      a.claimSeq,
      fit.plan.map((p) => ({ id: randomUUID(), equipmentId: p.equipmentId, hours: p.hours, until })),
    );
    return fit;
  }

  // Hours a job no longer needs at a facility (they moved to a lender): its bookings there shrink
  // by up to `hours`, largest first. Returns the hours freed.
  async shrink(tx: Tx, facilityId: string, jobId: string, hours: number): Promise<number> {
    return this.repository.shrinkBookings(tx, facilityId, jobId, hours);
  }

  async release(tx: Tx, jobId: string): Promise<number> {
    return this.repository.release(tx, jobId);
  }
}
