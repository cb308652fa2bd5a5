import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { isUuid } from '../common/uuid.js';
import { db, dbNow, Sql, sqlText } from '../database/sql.js';
import { calendarFromJson, calendarJsonSql, closuresSince, type CalendarJson } from './calendar-sql.js';
import type { Tx } from '../database/transaction.js';
import type { Booking, Calendar, CalendarSnapshot, Closure, MachineCalendar, OpeningInterval } from './calendar.types.js';

// One row per calendar with its hours, closures and bookings as JSON arrays: a single round trip
// for every candidate of a match.
interface SnapshotRow {
  facility_id: string;
  time_zone: string;
  hours: Array<[number, number, number]>;
  closures: Array<[string, string, string, string | null]>;
  bookings: Array<[string, string | null, number | string, string]>;
}

function toSnapshot(r: SnapshotRow): CalendarSnapshot {
  return {
    facilityId: r.facility_id,
    timeZone: r.time_zone,
    hours: r.hours.map(([weekday, opensMinute, closesMinute]) => ({ weekday, opensMinute, closesMinute })),
    closures: r.closures.map(([id, startsOn, endsOn, reason]) => ({ id, startsOn, endsOn, reason })),
    bookings: r.bookings.map(([jobId, equipmentId, hours, until]) => ({
      jobId,
      equipmentId,
      hours: Number(hours),
      until: new Date(until),
    })),
  };
}

@Injectable()
export class CalendarRepository {
  constructor(private readonly sql: Sql) {}

  // Calendars of these facilities (calendar-sql.ts), in one statement.
  async snapshots(facilityIds: readonly string[], from: Date, tx?: Tx): Promise<Map<string, MachineCalendar>> {
    const ids = facilityIds.filter(isUuid);
    if (!ids.length) return new Map();
    const rows = await this.sql.all(
      sqlText<{ id: string; calendar: CalendarJson | null }>(
        `SELECT f.id, ${calendarJsonSql('f.id', '$2::date')} AS calendar FROM unnest($1::uuid[]) AS f(id)`,
        [ids, closuresSince(from)],
      ),
      tx,
    );
    return new Map(rows.flatMap((r) => (r.calendar ? [[r.id, calendarFromJson(r.id, r.calendar)!] as const] : [])));
  }

  async find(facilityId: string, tx?: Tx): Promise<Calendar | null> {
    if (!isUuid(facilityId)) return null;
    const row = await this.sql.first(
      sql<SnapshotRow>`
        SELECT c.facility_id, c.time_zone,
               coalesce((SELECT json_agg(json_build_array(h.weekday, h.opens_minute, h.closes_minute) ORDER BY h.weekday, h.opens_minute)
                           FROM calendar_opening_hours h WHERE h.facility_id = c.facility_id), '[]') AS hours,
               coalesce((SELECT json_agg(json_build_array(x.id, x.starts_on, x.ends_on, x.reason) ORDER BY x.starts_on, x.id)
                           FROM calendar_closures x WHERE x.facility_id = c.facility_id), '[]') AS closures,
               '[]'::json AS bookings
          FROM facility_calendars c WHERE c.facility_id = ${facilityId}::uuid`,
      tx,
    );
    return row ? toSnapshot(row) : null;
  }

  // Bookings serialize per facility on its calendar row: whoever holds the lock reads the bookings,
  // checks the free hours and inserts, and the next claimant for that facility reads after commit.
  async lock(tx: Tx, facilityId: string): Promise<MachineCalendar | null> {
    const locked = await this.sql.first(
      db.selectFrom('facility_calendars').select('facility_id').where('facility_id', '=', facilityId).forUpdate(),
      tx,
    );
    if (!locked) return null;
    return (await this.snapshots([facilityId], new Date(), tx)).get(facilityId) ?? null;
  }

  async save(tx: Tx, facilityId: string, timeZone: string, hours: readonly OpeningInterval[]): Promise<void> {
    await this.sql.run(
      db
        .insertInto('facility_calendars')
        .values({ facility_id: facilityId, time_zone: timeZone, updated_at: dbNow() })
        .onConflict((oc) => oc.column('facility_id').doUpdateSet({ time_zone: timeZone, updated_at: dbNow() })),
      tx,
    );
    await this.sql.run(db.deleteFrom('calendar_opening_hours').where('facility_id', '=', facilityId), tx);
    if (!hours.length) return;
    await this.sql.run(
      db
        .insertInto('calendar_opening_hours')
        .values(
          hours.map((h) => ({ facility_id: facilityId, weekday: h.weekday, opens_minute: h.opensMinute, closes_minute: h.closesMinute })),
        ),
      tx,
    );
  }

  async addClosure(tx: Tx, facilityId: string, c: Closure): Promise<void> {
    await this.sql.run(
      db
        .insertInto('calendar_closures')
        .values({ id: c.id, facility_id: facilityId, starts_on: c.startsOn, ends_on: c.endsOn, reason: c.reason }),
      tx,
    );
  }

  async removeClosure(tx: Tx, facilityId: string, closureId: string): Promise<boolean> {
    if (!isUuid(closureId)) return false;
    const row = await this.sql.first(
      db.deleteFrom('calendar_closures').where('id', '=', closureId).where('facility_id', '=', facilityId).returning('id'),
      tx,
    );
    return !!row;
  }

  async insertBookings(
    tx: Tx,
    facilityId: string,
    jobId: string,
    claimSeq: number,
    rows: ReadonlyArray<Omit<Booking, 'jobId'> & { id: string }>,
  ): Promise<void> {
    if (!rows.length) return;
    await this.sql.run(
      db.insertInto('calendar_bookings').values(
        rows.map((b) => ({
          id: b.id,
          facility_id: facilityId,
          job_id: jobId,
          claim_seq: claimSeq,
          equipment_id: b.equipmentId,
          hours: String(b.hours),
          until: b.until,
        })),
      ),
      tx,
    );
  }

  async shrinkBookings(tx: Tx, facilityId: string, jobId: string, hours: number): Promise<number> {
    const rows = await this.sql.all(
      db
        .selectFrom('calendar_bookings')
        .select(['id', 'hours'])
        .where('facility_id', '=', facilityId)
        .where('job_id', '=', jobId)
        .orderBy('hours', 'desc')
        .orderBy('id')
        .forUpdate(),
      tx,
    );
    let left = Math.round(hours * 100);
    for (const r of rows) {
      if (left <= 0) break;
      const cents = Math.round(Number(r.hours) * 100);
      const take = Math.min(cents, left);
      left -= take;
      if (take === cents) await this.sql.run(db.deleteFrom('calendar_bookings').where('id', '=', r.id), tx);
      else
        await this.sql.run(
          db
            .updateTable('calendar_bookings')
            .set({ hours: ((cents - take) / 100).toFixed(2) })
            .where('id', '=', r.id),
          tx,
        );
    }
    return (Math.round(hours * 100) - Math.max(0, left)) / 100;
  }

  // Frees the hours a job booked (its claim was released, expired, cancelled, or the work is made).
  async release(tx: Tx, jobId: string): Promise<number> {
    const rows = await this.sql.all(db.deleteFrom('calendar_bookings').where('job_id', '=', jobId).returning('id'), tx);
    return rows.length;
  }

  async bookingsOf(facilityId: string): Promise<Booking[]> {
    if (!isUuid(facilityId)) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('calendar_bookings')
        .select(['job_id', 'equipment_id', 'hours', 'until'])
        .where('facility_id', '=', facilityId)
        .orderBy('until')
        .orderBy('id'),
    );
    return rows.map((r) => ({ jobId: r.job_id, equipmentId: r.equipment_id, hours: Number(r.hours), until: r.until }));
  }
}
