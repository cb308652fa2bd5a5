import type { INestApplicationContext } from '@nestjs/common';
import { CalendarService } from '../../api/src/calendar/calendar.service.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FederationsService } from '../../api/src/governance/federations.service.js';
import { AgentDirectory } from '../../api/src/identity/agent-directory.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { LendingService } from '../../api/src/lending/lending.service.js';
import { SubcontractSettlementHandler } from '../../api/src/lending/subcontract-settlement.handler.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { captureDelivery } from '../support/events.js';
import { eastOf, newAccount, newDesignVersion, newEvidence, newOrganization, remotePoint } from '../support/factories.js';

// Co-ops of a federation lend each other machine-hours, on real Postgres: an offer, a subcontract
// for a claimed job that moves hours from the borrower's calendar to the lender's, concurrent
// bookings that never take more than the offer holds, and the lender credited by a signed work
// record once the job is made.
let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext(testConfig({ DATABASE_POOL_SIZE: '12' }));
});
afterAll(() => app.close());

const DAY_MS = 86_400_000;
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
const laser = [{ process: 'LASER_CUTTING', materials: ['plywood'] }];

async function world() {
  const home = remotePoint();
  const facilities = app.get(FacilitiesService);
  const calendars = app.get(CalendarService);
  const coop = async (name: string, km: number) => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer, { name, kind: 'COOPERATIVE' });
    const facility = await facilities.register(admin.viewer, {
      organizationId: org.id,
      name: `${name} workshop`,
      location: eastOf(home, km),
      capacityHoursPerWeek: 168,
      equipment: laser,
    });
    await calendars.setCalendar(admin.viewer, facility.id, { timeZone: 'UTC', hours: allWeek });
    return { admin, org, facility };
  };
  const borrower = await coop('Borrowing Co-op', 2);
  const lender = await coop('Lending Co-op', 4);
  const outsider = await coop('Outside Co-op', 6);
  const federation = await newOrganization(app, borrower.admin.viewer, { name: 'Valley Federation', kind: 'FEDERATION' });
  const federations = app.get(FederationsService);
  // Joining takes an admin of both sides: the federation's founder becomes an admin of the lender too.
  await federations.join(borrower.admin.viewer, federation.id, borrower.org.id);
  await app.get(OrganizationsService).addMember(borrower.admin.viewer, federation.id, lender.admin.email, 'ADMIN');
  await federations.join(lender.admin.viewer, federation.id, lender.org.id);
  const requester = await newAccount(app);
  const version = await newDesignVersion(app, requester.viewer, {
    title: 'Shelf',
    parts: [{ id: 'panel', name: 'panel', process: 'LASER_CUTTING', material: 'plywood' }],
  });
  const due = new Date(Date.now() + 10 * DAY_MS);
  const request = (quantity: number) =>
    app
      .get(ProductionRequestsService)
      .request(requester.viewer, { designVersionCid: version.cid, quantity, location: home, radiusKm: 50, dueDate: due });
  return { borrower, lender, outsider, federation, requester, request, due };
}

const booked = async (facilityId: string, jobId?: string) => {
  const [row] = await app
    .get(Database)
    .query(
      `SELECT coalesce(sum(hours), 0)::float8 AS hours FROM calendar_bookings WHERE facility_id = $1 AND ($2::uuid IS NULL OR job_id = $2::uuid)`,
      [facilityId, jobId ?? null],
    );
  return (row as { hours: number }).hours;
};

it('lends hours inside a federation, moves them between calendars and credits the lender once the job is made', async () => {
  const w = await world();
  const lending = app.get(LendingService);
  const db = app.get(Database);
  const until = new Date(Date.now() + 30 * DAY_MS);
  const offer = (over: Record<string, unknown> = {}) => ({
    facilityId: w.lender.facility.id,
    federationId: w.federation.id,
    process: 'laser',
    hours: 10,
    availableUntil: until,
    ...over,
  });
  const offers = async () =>
    Number((await db.query('SELECT count(*) FROM capacity_offers WHERE facility_id = $1', [w.lender.facility.id]))[0].count);

  // Bad offers write nothing.
  await expect(lending.offer(w.lender.admin.viewer, offer({ process: 'telepathy' }))).rejects.toThrow(InvalidInputError);
  await expect(lending.offer(w.lender.admin.viewer, offer({ hours: 0 }))).rejects.toThrow(InvalidInputError);
  await expect(lending.offer(w.lender.admin.viewer, offer({ hours: 1.234 }))).rejects.toThrow(InvalidInputError);
  await expect(lending.offer(w.lender.admin.viewer, offer({ availableUntil: new Date(Date.now() - DAY_MS) }))).rejects.toThrow(
    InvalidInputError,
  );
  await expect(lending.offer(w.lender.admin.viewer, offer({ process: 'CNC_MILLING' }))).rejects.toMatchObject({ reason: 'NO_MACHINE' });
  await expect(lending.offer(w.lender.admin.viewer, offer({ federationId: w.lender.org.id }))).rejects.toMatchObject({
    reason: 'NOT_A_FEDERATION',
  });
  await expect(lending.offer(w.outsider.admin.viewer, offer())).rejects.toThrow(ForbiddenError);
  await expect(lending.offer(w.outsider.admin.viewer, offer({ facilityId: w.outsider.facility.id }))).rejects.toThrow(ForbiddenError);
  expect(await offers()).toBe(0);

  const lent = await lending.offer(w.lender.admin.viewer, offer({ note: 'evenings free' }));
  expect(lent).toMatchObject({ process: 'LASER_CUTTING', hours: 10, committedHours: 0, organizationId: w.lender.org.id });
  expect((await lending.openOffers(w.borrower.admin.viewer, w.federation.id)).map((o) => o.id)).toContain(lent.id);
  await expect(lending.openOffers(w.outsider.admin.viewer, w.federation.id)).rejects.toThrow(ForbiddenError);

  // The borrower claims a 6-hour job and moves 4 of its hours to the lender.
  const jobs = app.get(ProductionJobsService);
  const request = await w.request(6);
  const job = await jobs.claim(w.borrower.admin.viewer, request.id, w.borrower.facility.id);
  expect(await booked(w.borrower.facility.id, job.id)).toBe(6);
  await expect(lending.subcontract(w.outsider.admin.viewer, { jobId: job.id, offerId: lent.id, hours: 4 })).rejects.toThrow(ForbiddenError);
  await expect(lending.subcontract(w.borrower.admin.viewer, { jobId: job.id, offerId: lent.id, hours: 7 })).rejects.toMatchObject({
    reason: 'TOO_MANY_HOURS',
  });
  const sub = await lending.subcontract(w.borrower.admin.viewer, { jobId: job.id, offerId: lent.id, hours: 4 });
  expect(sub).toMatchObject({
    status: 'COMMITTED',
    hours: 4,
    lenderOrganizationId: w.lender.org.id,
    borrowerOrganizationId: w.borrower.org.id,
    process: 'LASER_CUTTING',
  });
  expect(sub.due.getTime()).toBe(w.due.getTime());
  expect(await booked(w.lender.facility.id, job.id)).toBe(4);
  expect(await booked(w.borrower.facility.id, job.id)).toBe(2);
  expect((await lending.getOffer(lent.id)).committedHours).toBe(4);
  // The lender cannot book its own offer for a job it holds, and only its members see who booked.
  await expect(lending.subcontractsOfOffer(w.borrower.admin.viewer, lent.id)).rejects.toThrow(ForbiddenError);
  expect((await lending.subcontractsOfOffer(w.lender.admin.viewer, lent.id)).map((s) => s.id)).toEqual([sub.id]);

  // Made: the subcontract is fulfilled and the lending co-op holds a signed work record for its hours.
  await jobs.advance(w.borrower.admin.viewer, job.id, 'IN_PRODUCTION');
  const evidence = await newEvidence(app, w.borrower.admin.viewer, job.id);
  await jobs.advance(w.borrower.admin.viewer, job.id, 'READY', [evidence.rootCid]);
  expect(await booked(w.lender.facility.id, job.id)).toBe(0);
  const deliver = captureDelivery(app, [app.get(SubcontractSettlementHandler)]);
  await deliver(job.id);
  await deliver(job.id); // delivered twice: settled once
  const [settled] = await lending.subcontractsOfJob(w.borrower.admin.viewer, job.id);
  expect(settled).toMatchObject({ id: sub.id, status: 'FULFILLED' });
  await deliver(sub.id);
  await deliver(sub.id);
  const lenderDid = await app.get(AgentDirectory).didOfOrganization(w.lender.org.id);
  const records = await db.query(
    `SELECT action, effort_hours::text AS hours, provider_organization_id, provider_account_id, note FROM contribution_records WHERE job_id = $1 AND provider_did = $2`,
    [job.id, lenderDid],
  );
  expect(records).toEqual([
    {
      action: 'work',
      hours: '4.00',
      provider_organization_id: w.lender.org.id,
      provider_account_id: w.lender.admin.viewer.accountId,
      note: `lent 4.00 machine-hours of Laser cutting (fulfils urn:cosmolocal:commitment:${sub.id})`,
    },
  ]);
}, 120_000);

it('never commits more hours than an offer holds, however many jobs book it at once', async () => {
  const w = await world();
  const lending = app.get(LendingService);
  const jobs = app.get(ProductionJobsService);
  const lent = await lending.offer(w.lender.admin.viewer, {
    facilityId: w.lender.facility.id,
    federationId: w.federation.id,
    process: 'LASER_CUTTING',
    hours: 10,
    availableUntil: new Date(Date.now() + 30 * DAY_MS),
  });
  const held = [];
  for (let i = 0; i < 8; i++) held.push(await jobs.claim(w.borrower.admin.viewer, (await w.request(3)).id, w.borrower.facility.id));
  const outcomes = await Promise.allSettled(
    held.map((j) => lending.subcontract(w.borrower.admin.viewer, { jobId: j.id, offerId: lent.id, hours: 3 })),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(won).toHaveLength(3);
  expect(lost.every((l) => l.reason instanceof ConflictError)).toBe(true);
  expect((await lending.getOffer(lent.id)).committedHours).toBe(9);
  expect(await booked(w.lender.facility.id)).toBe(9);

  // Releasing a job cancels its subcontract and frees the lent hours: another job can book them.
  const [first] = held.filter((_, i) => outcomes[i]!.status === 'fulfilled');
  const rest = held.filter((_, i) => outcomes[i]!.status === 'rejected');
  await jobs.advance(w.borrower.admin.viewer, first!.id, 'OPEN');
  await captureDelivery(app, [app.get(SubcontractSettlementHandler)])(first!.id);
  expect((await lending.subcontractsOfJob(w.borrower.admin.viewer, first!.id)).map((s) => s.status)).toEqual(['CANCELLED']);
  expect(await booked(w.lender.facility.id)).toBe(6);
  await lending.subcontract(w.borrower.admin.viewer, { jobId: rest[0]!.id, offerId: lent.id, hours: 3 });
  expect((await lending.getOffer(lent.id)).committedHours).toBe(9);

  // A withdrawn offer takes no more bookings; what it lent stays lent.
  await lending.withdraw(w.lender.admin.viewer, lent.id);
  await expect(lending.subcontract(w.borrower.admin.viewer, { jobId: rest[1]!.id, offerId: lent.id, hours: 1 })).rejects.toThrow(
    ConflictError,
  );
  expect(await booked(w.lender.facility.id)).toBe(9);
}, 180_000);
