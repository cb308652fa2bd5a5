import type { MigrationInterface, QueryRunner } from 'typeorm';

// Machine-hour calendars of facilities: opening hours per ISO weekday in the facility's IANA
// zone (local wall time, minutes from midnight), whole-day closures, and the hours claimed jobs
// have booked on its machines. A booking names the machine by its equipment id without a foreign
// key: a facility's equipment is replaced as a whole when its profile is edited, and the job's
// booked hours are history that must not vanish with it. Claims book under a row lock on the
// facility's calendar (calendar.repository.ts).
export class FacilityCalendars1765000003000 implements MigrationInterface {
  name = 'FacilityCalendars1765000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facility_calendars (
        facility_id uuid PRIMARY KEY REFERENCES facilities(id) ON DELETE CASCADE,
        time_zone text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_opening_hours (
        facility_id uuid NOT NULL REFERENCES facility_calendars(facility_id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens_minute smallint NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
        closes_minute smallint NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
        PRIMARY KEY (facility_id, weekday, opens_minute),
        CHECK (closes_minute > opens_minute)
      )`);
    await q.query(`
      CREATE TABLE calendar_closures (
        id uuid PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facility_calendars(facility_id) ON DELETE CASCADE,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        reason text,
        CHECK (ends_on >= starts_on)
      )`);
    await q.query('CREATE INDEX calendar_closures_facility_idx ON calendar_closures (facility_id, ends_on)');
    await q.query(`
      CREATE TABLE calendar_bookings (
        id uuid PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facility_calendars(facility_id) ON DELETE CASCADE,
        job_id uuid NOT NULL REFERENCES production_jobs(id) ON DELETE CASCADE,
        claim_seq integer NOT NULL,
        equipment_id uuid,
        hours numeric(12, 2) NOT NULL CHECK (hours > 0),
        until timestamptz NOT NULL,
        booked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX calendar_bookings_facility_idx ON calendar_bookings (facility_id)');
    await q.query('CREATE INDEX calendar_bookings_job_idx ON calendar_bookings (job_id)');
    // A calendar is read with its facility's machines, per facility: equipment had only an index
    // led by process (for the capability probes), so each read scanned the whole table.
    await q.query('CREATE INDEX facility_equipment_facility_idx ON facility_equipment (facility_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX facility_equipment_facility_idx');
    await q.query('DROP TABLE calendar_bookings');
    await q.query('DROP TABLE calendar_closures');
    await q.query('DROP TABLE calendar_opening_hours');
    await q.query('DROP TABLE facility_calendars');
  }
}
