import type { INestApplicationContext } from '@nestjs/common';
import { ConflictError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { eastOf, newAccount, newDesignVersion, newOrganization, remotePoint } from '../support/factories.js';

// Reliability: 1,000 concurrent claim attempts over 100 requests from 50 facilities.
let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext(testConfig({ DATABASE_POOL_SIZE: '20' }));
});
afterAll(() => app.close());

const FACILITIES = 50;
const REQUESTS = 100;
const ATTEMPTS_PER_REQUEST = 10;

it('gives each request exactly one winner; every other claimant gets CONFLICT', async () => {
  const productionRequests = app.get(ProductionRequestsService);
  const productionJobs = app.get(ProductionJobsService);
  const db = app.get(Database);
  const home = remotePoint();
  const shops: Array<{ viewer: { accountId: string }; facility: { id: string } }> = [];
  for (let i = 0; i < FACILITIES; i++) {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer, { kind: 'COOPERATIVE' });
    const facility = await app.get(FacilitiesService).register(admin.viewer, {
      organizationId: org.id,
      name: `Co-op ${i}`,
      location: eastOf(home, 1 + i * 0.5),
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'CNC_MILLING', materials: ['plywood'] }],
    });
    shops.push({ viewer: admin.viewer, facility });
  }
  const requester = await newAccount(app);
  const version = await newDesignVersion(app, requester.viewer, {
    title: 'Stool',
    parts: [{ id: 'seat', name: 'seat', process: 'CNC_MILLING', material: 'plywood' }],
  });
  const requests = [];
  for (let i = 0; i < REQUESTS; i++) {
    requests.push(
      await productionRequests.request(requester.viewer, {
        designVersionCid: version.cid,
        quantity: 1,
        location: home,
        radiusKm: 100,
        dueDate: new Date(Date.now() + 86_400_000),
      }),
    );
  }

  // Each request is attacked by 10 different facilities at once; all 1,000 claims start together.
  const attempts = requests.flatMap((r, i) =>
    Array.from({ length: ATTEMPTS_PER_REQUEST }, (_, k) => ({ request: r, shop: shops[(i * 7 + k * 5) % FACILITIES]! })),
  );
  const outcomes = await Promise.allSettled(attempts.map((a) => productionJobs.claim(a.shop.viewer, a.request.id, a.shop.facility.id)));

  const winners = outcomes.filter((o) => o.status === 'fulfilled');
  const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(winners).toHaveLength(REQUESTS);
  expect(losers).toHaveLength(REQUESTS * (ATTEMPTS_PER_REQUEST - 1));
  expect(losers.every((l) => l.reason instanceof ConflictError)).toBe(true);

  // Zero double claims: one CLAIMED job and one claim in the history per request.
  const ids = requests.map((r) => r.id);
  const [counts] = await db.query(
    `SELECT count(*) FILTER (WHERE j.status = 'CLAIMED')::int AS claimed, count(DISTINCT j.request_id)::int AS requests,
            (SELECT count(*)::int FROM production_job_history h JOIN production_jobs j2 ON j2.id = h.job_id
              WHERE j2.request_id = ANY($1::uuid[]) AND h.to_status = 'CLAIMED') AS claim_events
       FROM production_jobs j WHERE j.request_id = ANY($1::uuid[])`,
    [ids],
  );
  expect(counts).toEqual({ claimed: REQUESTS, requests: REQUESTS, claim_events: REQUESTS });
  // The winner recorded on each job is the one whose claim succeeded.
  const won = new Map(
    winners.map((w) => [
      (w as PromiseFulfilledResult<{ requestId: string; facilityId: string | null }>).value.requestId,
      (w as PromiseFulfilledResult<{ facilityId: string | null }>).value.facilityId,
    ]),
  );
  const rows: Array<{ request_id: string; facility_id: string }> = await db.query(
    'SELECT request_id, facility_id FROM production_jobs WHERE request_id = ANY($1::uuid[])',
    [ids],
  );
  for (const r of rows) expect(won.get(r.request_id)).toBe(r.facility_id);
});
