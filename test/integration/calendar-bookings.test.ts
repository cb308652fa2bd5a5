import type { INestApplicationContext } from '@nestjs/common';
import { CalendarService } from '../../api/src/calendar/calendar.service.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { MatchingService } from '../../api/src/matching/matching.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { eastOf, newAccount, newDesignVersion, newOrganization, remotePoint } from '../support/factories.js';

// Machine-hour calendars on real Postgres: 200 claims competing for the same free hours of one
// facility book exactly as many as fit; releasing and expiring free them; matching filters on them.
let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext(testConfig({ DATABASE_POOL_SIZE: '20' }));
});
afterAll(() => app.close());

const DAY_MS = 86_400_000;
const CLAIMS = 200;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

it('books no more hours than the calendar has free, whatever the number of concurrent claims', async () => {
  const calendars = app.get(CalendarService);
  const jobs = app.get(ProductionJobsService);
  const db = app.get(Database);
  const home = remotePoint();
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer, { kind: 'COOPERATIVE' });
  const facility = await app.get(FacilitiesService).register(admin.viewer, {
    organizationId: org.id,
    name: 'Night Mill',
    location: eastOf(home, 2),
    capacityHoursPerWeek: 168,
    equipment: [{ process: 'CNC_MILLING', materials: ['plywood'] }],
  });
  // Open around the clock in UTC but closed today: until the due date (midnight UTC two days from
  // now) the one mill has exactly 48 free hours, however long the test takes today.
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const due = new Date(today + 3 * DAY_MS);
  const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

  // Bad input and strangers write nothing.
  await expect(calendars.setCalendar(admin.viewer, facility.id, { timeZone: 'Mars/Olympus', hours })).rejects.toThrow(InvalidInputError);
  const stranger = await newAccount(app);
  await expect(calendars.setCalendar(stranger.viewer, facility.id, { timeZone: 'UTC', hours })).rejects.toThrow(ForbiddenError);
  expect(await calendars.calendarOf(facility.id)).toBeNull();

  await calendars.setCalendar(admin.viewer, facility.id, { timeZone: 'UTC', hours });
  const cal = await calendars.addClosure(admin.viewer, facility.id, {
    startsOn: isoDay(today),
    endsOn: isoDay(today),
    reason: 'inventory',
  });
  expect(cal.closures).toEqual([expect.objectContaining({ startsOn: isoDay(today), endsOn: isoDay(today), reason: 'inventory' })]);

  const requester = await newAccount(app);
  const version = await newDesignVersion(app, requester.viewer, {
    title: 'Stool',
    parts: [{ id: 'seat', name: 'seat', process: 'CNC_MILLING', material: 'plywood' }],
  });
  const requests = [];
  for (let i = 0; i < CLAIMS; i++) {
    requests.push(
      await app.get(ProductionRequestsService).request(requester.viewer, {
        designVersionCid: version.cid,
        quantity: 1, // one seat: one machine-hour
        location: home,
        radiusKm: 50,
        dueDate: due,
      }),
    );
  }

  const outcomes = await Promise.allSettled(requests.map((r) => jobs.claim(admin.viewer, r.id, facility.id)));
  const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(won).toHaveLength(48);
  expect(lost.every((l) => l.reason instanceof ConflictError)).toBe(true);
  const booked = async () => {
    const [row] = await db.query(
      'SELECT coalesce(sum(hours), 0)::float8 AS hours, count(DISTINCT job_id)::int AS jobs FROM calendar_bookings WHERE facility_id = $1',
      [facility.id],
    );
    return row as { hours: number; jobs: number };
  };
  expect(await booked()).toEqual({ hours: 48, jobs: 48 });
  // A refused claim leaves its job open, with no booking.
  const [{ claimed }] = await db.query(
    `SELECT count(*)::int AS claimed FROM production_jobs WHERE request_id = ANY($1::uuid[]) AND status = 'CLAIMED'`,
    [requests.map((r) => r.id)],
  );
  expect(claimed).toBe(48);

  // Matching for one more seat: out with the hard filter, last with a reason without it.
  const matching = app.get(MatchingService);
  const ask = { designVersionCid: version.cid, location: home, radiusKm: 50, quantity: 1, dueDate: due, explain: true };
  const soft = await matching.match(ask, admin.viewer);
  const mine = soft.matches.find((m) => m.facility.id === facility.id)!;
  expect(mine.time).toMatchObject({ basis: 'CALENDAR', fits: false, freeHours: 0, neededHours: 1 });
  expect(mine.reasons).toContain(`cannot make 1 by ${isoDay(due.getTime())} on its calendar: needs about 1 machine-hours, 0 free`);
  const hard = await matching.match({ ...ask, requireFreeHours: true }, admin.viewer);
  expect(hard.matches.map((m) => m.facility.id)).not.toContain(facility.id);
  // The count of the ranking is that of the facilities left after the filter.
  expect(hard.totalCount).toBe(soft.totalCount! - 1);
  expect(hard.excluded.find((m) => m.facility.id === facility.id)?.reasons).toEqual([mine.reasons.at(-1)]);
  await expect(matching.match({ ...ask, dueDate: null, requireFreeHours: true })).rejects.toThrow(InvalidInputError);

  // Releasing one claim and expiring another free their hours; two more claims then fit, no third.
  const [first, second] = won;
  await jobs.advance(admin.viewer, first!.id, 'OPEN');
  expect(await jobs.expireClaim(second!.id, second!.claimSeq, new Date(Date.now() + 3_600_000 * 1000))).toBe(true);
  expect(await booked()).toEqual({ hours: 46, jobs: 46 });
  const open = requests.filter((r) => !won.some((w) => w.requestId === r.id)).slice(0, 3);
  const again = await Promise.allSettled(open.map((r) => jobs.claim(admin.viewer, r.id, facility.id)));
  expect(again.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
  expect(await booked()).toEqual({ hours: 48, jobs: 48 });
}, 300_000);
