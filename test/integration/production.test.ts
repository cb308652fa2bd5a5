import type { INestApplicationContext } from '@nestjs/common';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { ClaimExpiryScheduler, claimExpiryJobId } from '../../api/src/production/claim-expiry.handler.js';
import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';
import type { DomainEvent } from '../../api/src/outbox/domain-events.js';
import { ProductionService } from '../../api/src/production/production.service.js';
import { ProductionRequestsService, type RequestProductionInput } from '../../api/src/production/production-requests.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { createDomainContext } from '../support/context.js';
import { eastOf, newAccount, newDesignVersion, newOrganization, remotePoint, newEvidence } from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let production: ProductionService;
let productionRequests: ProductionRequestsService;
let productionJobs: ProductionJobsService;
let db: Database;

beforeAll(async () => {
  app = await createDomainContext();
  production = app.get(ProductionService);
  productionRequests = app.get(ProductionRequestsService);
  productionJobs = app.get(ProductionJobsService);
  db = app.get(Database);
});
afterAll(() => app.close());

const TABLES = ['production_requests', 'production_jobs', 'production_offers', 'production_job_history', 'outbox_events'];
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000);

async function makerspace(at: { lat: number; lon: number }, processes: string[] = ['laser']) {
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer, { kind: 'COOPERATIVE' });
  const facility = await app.get(FacilitiesService).register(admin.viewer, {
    organizationId: org.id,
    name: `Makerspace ${processes.join('+')}`,
    location: at,
    capacityHoursPerWeek: 40,
    equipment: processes.map((process) => ({ process, materials: ['plywood', 'pla'], buildVolumeMm: { x: 600, y: 400, z: 300 } })),
  });
  return { admin, org, facility };
}

async function scenario(
  o: { processes?: string[][]; license?: string; parts?: Array<{ id: string; name: string; process: string }> } = {},
) {
  const home = remotePoint();
  const shops = [];
  for (const [i, p] of (o.processes ?? [['laser'], ['laser']]).entries()) shops.push(await makerspace(eastOf(home, 3 + i * 4), p));
  const requester = await newAccount(app);
  const designer = await newAccount(app);
  const version = await newDesignVersion(app, designer.viewer, {
    title: 'Seed Drawer',
    license: { hardware: o.license ?? 'CERN-OHL-P-2.0' },
    parts: o.parts ?? [{ id: 'panel', name: 'side panel', process: 'LASER_CUTTING' }],
  });
  const input: RequestProductionInput = {
    designVersionCid: version.cid,
    quantity: 2,
    location: { ...home, address: '1 Ocean Row' },
    radiusKm: 50,
    dueDate: inAWeek(),
  };
  return { home, shops, requester, version, input };
}

const events = (aggregateId: string) =>
  db.query('SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY id', [aggregateId]);

describe('production requests and jobs', () => {
  it('offers a request to matched facilities and runs one job through its whole lifecycle', async () => {
    const { shops, requester, version, input } = await scenario();
    const request = await productionRequests.request(requester.viewer, { ...input, budget: { amountMinor: '12500', currency: 'eur' } });
    expect(request.budget).toEqual({ amountMinor: 12500n, currency: 'EUR' });
    const [job] = await db.query(`SELECT id, status, line_key FROM production_jobs WHERE request_id = $1`, [request.id]);
    expect(job).toMatchObject({ status: 'OPEN', line_key: 'whole' });
    const offers = await db.query('SELECT facility_id, rank FROM production_offers WHERE job_id = $1 ORDER BY rank', [job.id]);
    expect(offers.map((o: { facility_id: string }) => o.facility_id).sort()).toEqual(shops.map((s) => s.facility.id).sort());
    expect(await events(request.id)).toEqual([
      {
        type: 'production.requested',
        payload: expect.objectContaining({ designVersionCid: version.cid, offers: [expect.objectContaining({ jobId: job.id })] }),
      },
    ]);

    const [a, b] = shops;
    const claimed = await productionJobs.claim(a!.admin.viewer, request.id, a!.facility.id);
    expect(claimed).toMatchObject({ status: 'CLAIMED', facilityId: a!.facility.id, claimSeq: 1 });
    await expect(productionJobs.claim(b!.admin.viewer, request.id, b!.facility.id)).rejects.toBeInstanceOf(ConflictError);

    // Only the facility's members move production; READY needs QC evidence in the content store.
    await expect(productionJobs.advance(requester.viewer, job.id, 'IN_PRODUCTION')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(productionJobs.advance(b!.admin.viewer, job.id, 'IN_PRODUCTION')).rejects.toBeInstanceOf(ForbiddenError);
    await productionJobs.advance(a!.admin.viewer, job.id, 'IN_PRODUCTION');
    await expectNothingWritten(
      db,
      TABLES,
      () => productionJobs.advance(a!.admin.viewer, job.id, 'READY'),
      InvalidInputError,
      'evidenceCids',
    );
    await expectNothingWritten(
      db,
      TABLES,
      () => productionJobs.advance(a!.admin.viewer, job.id, 'READY', ['bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy']),
      InvalidInputError,
      'evidenceCids[0]',
    );
    await expectNothingWritten(db, TABLES, () => productionJobs.advance(a!.admin.viewer, job.id, 'ACCEPTED'), InvalidInputError, 'to');
    await expectNothingWritten(db, TABLES, () => productionJobs.advance(a!.admin.viewer, job.id, 'DELIVERED'), InvalidInputError, 'to');
    const qc = await newEvidence(app, a!.admin.viewer, job.id, { 'qc/photo.txt': 'looks square', 'qc/report.md': '# all within 0.2 mm' });
    const ready = await productionJobs.advance(
      a!.admin.viewer,
      job.id,
      'READY',
      qc.files.map((f) => f.cid),
    );
    expect(ready.evidenceCids.sort()).toEqual(qc.files.map((f) => f.cid).sort());
    await productionJobs.advance(a!.admin.viewer, job.id, 'DELIVERED');
    await expect(productionJobs.acceptDelivery(a!.admin.viewer, job.id)).rejects.toBeInstanceOf(ForbiddenError);
    const accepted = await productionJobs.acceptDelivery(requester.viewer, job.id);
    expect(accepted.status).toBe('ACCEPTED');
    await expect(productionJobs.advance(requester.viewer, job.id, 'SETTLED')).rejects.toBeInstanceOf(InvalidInputError);

    const history = await db.query(
      'SELECT from_status, to_status, actor_account_id, cardinality(evidence_cids) AS evidence FROM production_job_history WHERE job_id = $1 ORDER BY id',
      [job.id],
    );
    expect(history.map((h: { from_status: string; to_status: string }) => `${h.from_status}>${h.to_status}`)).toEqual([
      'OPEN>CLAIMED',
      'CLAIMED>IN_PRODUCTION',
      'IN_PRODUCTION>READY',
      'READY>DELIVERED',
      'DELIVERED>ACCEPTED',
    ]);
    expect(history[2].evidence).toBe(2);
    expect(history[4].actor_account_id).toBe(requester.viewer.accountId);
    const transitions = (await events(job.id)).map((e: { payload: { to: string } }) => e.payload.to);
    expect(transitions).toEqual(['CLAIMED', 'IN_PRODUCTION', 'READY', 'DELIVERED', 'ACCEPTED']);
  });

  it('lets only members of an offered facility claim, and names the line of a split request', async () => {
    const { shops, requester, input } = await scenario();
    const request = await productionRequests.request(requester.viewer, input);
    const outsider = await newAccount(app);
    await expect(productionJobs.claim(outsider.viewer, request.id, shops[0]!.facility.id)).rejects.toBeInstanceOf(ForbiddenError);
    const elsewhere = await makerspace(eastOf(remotePoint(), 1));
    await expect(productionJobs.claim(elsewhere.admin.viewer, request.id, elsewhere.facility.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(productionJobs.claim(shops[0]!.admin.viewer, request.id, shops[0]!.facility.id, 'assembly')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // A plain member (not only admins) of the facility's organization may claim.
    const member = await newAccount(app);
    await app.get(OrganizationsService).addMember(shops[0]!.admin.viewer, shops[0]!.org.id, member.email, 'MEMBER');
    expect((await productionJobs.claim(member.viewer, request.id, shops[0]!.facility.id)).status).toBe('CLAIMED');
  });

  it('refuses designs whose licence forbids fabrication, and budgets for non-commercial ones', async () => {
    const closed = await scenario({ license: 'LicenseRef-AllRightsReserved' });
    await expectNothingWritten(
      db,
      TABLES,
      () => productionRequests.request(closed.requester.viewer, closed.input),
      InvalidInputError,
      'designVersionCid',
    );
    const nc = await scenario({ license: 'CC-BY-NC-SA-4.0' });
    await expectNothingWritten(
      db,
      TABLES,
      () => productionRequests.request(nc.requester.viewer, { ...nc.input, budget: { amountMinor: '100', currency: 'EUR' } }),
      InvalidInputError,
      'budget',
    );
    expect((await productionRequests.request(nc.requester.viewer, nc.input)).budget).toBeNull();
  });

  it('refuses bad input with typed errors and writes nothing', async () => {
    const { requester, input, shops } = await scenario();
    const cases: Array<[Partial<RequestProductionInput>, string, new (...a: never[]) => Error]> = [
      [{ location: { lat: -91, lon: 0 } }, 'location.lat', InvalidInputError],
      [{ location: { lat: 0, lon: 180.5 } }, 'location.lon', InvalidInputError],
      [{ radiusKm: 0 }, 'radiusKm', InvalidInputError],
      [{ radiusKm: 5000 }, 'radiusKm', InvalidInputError],
      [{ quantity: 0 }, 'quantity', InvalidInputError],
      [{ quantity: -3 }, 'quantity', InvalidInputError],
      [{ dueDate: new Date(Date.now() - 3600_000) }, 'dueDate', InvalidInputError],
      [{ budget: { amountMinor: '12.50', currency: 'EUR' } }, 'budget.amountMinor', InvalidInputError],
      [{ budget: { amountMinor: '-5', currency: 'EUR' } }, 'budget.amountMinor', InvalidInputError],
      [{ budget: { amountMinor: '100', currency: 'EURO' } }, 'budget.currency', InvalidInputError],
      [{ designVersionCid: 'not-a-cid' }, 'designVersionCid', InvalidInputError],
      [{ radiusKm: 1 }, 'radiusKm', InvalidInputError], // nobody within 1 km
    ];
    for (const [patch, field, type] of cases)
      await expectNothingWritten(db, TABLES, () => productionRequests.request(requester.viewer, { ...input, ...patch }), type, field);
    await expectNothingWritten(
      db,
      TABLES,
      () =>
        productionRequests.request(requester.viewer, {
          ...input,
          designVersionCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
        }),
      NotFoundError,
    );

    // Claiming a closed (cancelled) request and illegal transitions are typed too.
    const request = await productionRequests.request(requester.viewer, input);
    const [job] = await db.query('SELECT id FROM production_jobs WHERE request_id = $1', [request.id]);
    await expectNothingWritten(db, TABLES, () => productionJobs.advance(shops[0]!.admin.viewer, job.id, 'IN_PRODUCTION'), ForbiddenError);
    await expectNothingWritten(db, TABLES, () => productionJobs.advance(requester.viewer, job.id, 'BOGUS'), InvalidInputError, 'to');
    await expectNothingWritten(db, TABLES, () => productionJobs.advance(requester.viewer, job.id, 'ACCEPTED'), InvalidInputError, 'to');
    await productionJobs.cancelRequest(requester.viewer, request.id);
    await expectNothingWritten(
      db,
      TABLES,
      () => productionJobs.claim(shops[0]!.admin.viewer, request.id, shops[0]!.facility.id),
      ConflictError,
    );
    await expectNothingWritten(db, TABLES, () => productionJobs.cancelRequest(requester.viewer, request.id), ConflictError);
    await expectNothingWritten(
      db,
      TABLES,
      () => productionJobs.claim(shops[0]!.admin.viewer, '00000000-0000-4000-8000-000000000000', shops[0]!.facility.id),
      NotFoundError,
    );
  });

  it('releases a claim that was not started within the window, once, and schedules it as a delayed job', async () => {
    const { shops, requester, input } = await scenario();
    const request = await productionRequests.request(requester.viewer, input);
    const [a, b] = shops;
    const first = await productionJobs.claim(a!.admin.viewer, request.id, a!.facility.id);
    expect(first.claimExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 47 * 3600_000); // default window: 48 h

    // The outbox event schedules the expiry, delayed until the window ends, with an id per claim.
    const [event] = await db.query(
      `SELECT id, type, aggregate_type, aggregate_id, payload, occurred_at FROM outbox_events WHERE aggregate_id = $1 AND type = 'production.job.transitioned'`,
      [first.id],
    );
    const domainEvent = {
      id: String(event.id),
      type: event.type,
      aggregateType: event.aggregate_type,
      aggregateId: event.aggregate_id,
      payload: event.payload,
      occurredAt: new Date(event.occurred_at).toISOString(),
    } as DomainEvent<'production.job.transitioned'>;
    await app.get(ClaimExpiryScheduler).handle(domainEvent);
    await app.get(ClaimExpiryScheduler).handle(domainEvent);
    const queued = await app.get(JobQueue).queue(QueueName.ClaimExpiry).getJob(claimExpiryJobId(first.id, 1));
    expect(queued?.data).toEqual({ jobId: first.id, claimSeq: 1 });
    expect(await queued!.getState()).toBe('delayed');
    expect(queued!.opts.delay).toBeGreaterThan(47 * 3600_000);
    await queued!.remove();

    expect(await productionJobs.expireClaim(first.id, 1)).toBe(false); // not yet due
    const later = new Date(first.claimExpiresAt!.getTime() + 1000);
    expect(await productionJobs.expireClaim(first.id, 1, later)).toBe(true);
    expect(await productionJobs.expireClaim(first.id, 1, later)).toBe(false);
    const reopened = await production.getJob(first.id);
    expect(reopened).toMatchObject({ status: 'OPEN', facilityId: null });

    // The next claim gets a new number: the old timer cannot release it.
    const second = await productionJobs.claim(b!.admin.viewer, request.id, b!.facility.id);
    expect(second.claimSeq).toBe(2);
    expect(await productionJobs.expireClaim(first.id, 1, new Date(second.claimExpiresAt!.getTime() + 1000))).toBe(false);
    // A started claim does not expire.
    await productionJobs.advance(b!.admin.viewer, first.id, 'IN_PRODUCTION');
    expect(await productionJobs.expireClaim(first.id, 2, new Date(second.claimExpiresAt!.getTime() + 1000))).toBe(false);
    const history = await db.query('SELECT to_status, actor_account_id, note FROM production_job_history WHERE job_id = $1 ORDER BY id', [
      first.id,
    ]);
    expect(history[1]).toEqual({ to_status: 'OPEN', actor_account_id: null, note: 'claim expired before production started' });
  });

  it('releases from the sweep a claim past its window whose expiry job was lost (e.g. with Redis)', async () => {
    const { shops, requester, input } = await scenario();
    const request = await productionRequests.request(requester.viewer, input);
    const claimed = await productionJobs.claim(shops[0]!.admin.viewer, request.id, shops[0]!.facility.id);
    // Its window ended long ago and no job will fire: only the sweep can release it.
    await db.query(`UPDATE production_jobs SET claim_expires_at = '2000-01-01T00:00:00Z' WHERE id = $1`, [claimed.id]);
    expect(await productionJobs.expireOverdueClaims(new Date('2000-01-01T00:01:00Z'))).toBe(1);
    expect(await production.getJob(claimed.id)).toMatchObject({ status: 'OPEN', facilityId: null });
    expect(await productionJobs.expireOverdueClaims(new Date('2000-01-01T00:01:00Z'))).toBe(0);
  });

  it('splits a request into BOM lines plus an assembly when no single facility can make everything', async () => {
    const { shops, requester, input } = await scenario({
      processes: [['laser'], ['3DP']],
      parts: [
        { id: 'panel', name: 'side panel', process: 'LASER_CUTTING' },
        { id: 'hinge', name: 'hinge', process: 'THREE_D_PRINTING' },
      ],
    });
    await expectNothingWritten(db, TABLES, () => productionRequests.request(requester.viewer, input), InvalidInputError, 'radiusKm');
    const request = await productionRequests.request(requester.viewer, { ...input, allowSplit: true });
    expect(request.split).toBe(true);
    const jobs = await db.query(
      'SELECT line_key, role, proposed_facility_id FROM production_jobs WHERE request_id = $1 ORDER BY line_key',
      [request.id],
    );
    const [laser, printer] = shops;
    expect(jobs).toEqual([
      { line_key: 'assembly', role: 'ASSEMBLY', proposed_facility_id: laser!.facility.id },
      { line_key: 'part:hinge', role: 'PART', proposed_facility_id: printer!.facility.id },
      { line_key: 'part:panel', role: 'PART', proposed_facility_id: laser!.facility.id },
    ]);
    await expect(productionJobs.claim(laser!.admin.viewer, request.id, laser!.facility.id)).rejects.toMatchObject({
      details: { field: 'line' },
    });
    // The printer cannot claim the laser-cut panel: it was not offered that line.
    await expect(productionJobs.claim(printer!.admin.viewer, request.id, printer!.facility.id, 'part:panel')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await productionJobs.claim(printer!.admin.viewer, request.id, printer!.facility.id, 'part:hinge')).status).toBe('CLAIMED');
    expect((await productionJobs.claim(laser!.admin.viewer, request.id, laser!.facility.id, 'part:panel')).status).toBe('CLAIMED');
    expect((await productionJobs.claim(printer!.admin.viewer, request.id, printer!.facility.id, 'assembly')).status).toBe('CLAIMED');
  });
});
