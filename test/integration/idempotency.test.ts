import type { INestApplicationContext } from '@nestjs/common';
import { ConflictError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { DesignImportService } from '../../api/src/designs/design-import.service.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { ProposalsService } from '../../api/src/governance/proposals.service.js';
import { IdempotencyService } from '../../api/src/idempotency/idempotency.service.js';
import { ProductionRequestsService, type RequestProductionInput } from '../../api/src/production/production-requests.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { RewardsService } from '../../api/src/rewards/rewards.service.js';
import { createDomainContext } from '../support/context.js';
import { eastOf, newAccount, newDesignVersion, newOrganization, newUpload, remotePoint, newEvidence } from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let db: Database;
let productionRequests: ProductionRequestsService;
let productionJobs: ProductionJobsService;

beforeAll(async () => {
  app = await createDomainContext();
  db = app.get(Database);
  productionRequests = app.get(ProductionRequestsService);
  productionJobs = app.get(ProductionJobsService);
});
afterAll(() => app.close());

const REQUEST_TABLES = ['production_requests', 'production_jobs', 'production_offers', 'outbox_events', 'idempotency_keys'];
const counts = async () =>
  (await db.query(`SELECT ${REQUEST_TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`))[0];
const key = () => `key-${crypto.randomUUID()}`;

async function requestable() {
  const home = remotePoint();
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer);
  const facility = await app.get(FacilitiesService).register(admin.viewer, {
    organizationId: org.id,
    name: 'Retry Fab',
    location: eastOf(home, 4),
    capacityHoursPerWeek: 40,
    equipment: [{ process: 'laser', materials: ['plywood'] }],
  });
  const designer = await newAccount(app);
  const version = await newDesignVersion(app, designer.viewer, {
    license: { hardware: 'CERN-OHL-P-2.0' },
    parts: [{ id: 'p', name: 'panel', process: 'LASER_CUTTING' }],
  });
  const requester = await newAccount(app);
  const input: RequestProductionInput = {
    designVersionCid: version.cid,
    quantity: 2,
    location: home,
    radiusKm: 50,
    dueDate: new Date(Date.now() + 7 * 86400_000),
    budget: { amountMinor: '9000', currency: 'EUR' },
  };
  return { admin, facility, designer, version, requester, input };
}

const requestsOf = async (accountId: string) =>
  (await db.query('SELECT id FROM production_requests WHERE requester_account_id = $1', [accountId])).map((r: { id: string }) => r.id);

describe('idempotent creates', () => {
  it('makes exactly one production request of 20 concurrent identical calls with one key, and answers all with it', async () => {
    const s = await requestable();
    const k = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => productionRequests.request(s.requester.viewer, { ...s.input }, k)));
    const ids = await requestsOf(s.requester.id);
    expect(ids).toHaveLength(1);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(ids));
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'production.requested' AND aggregate_id = $1`,
      [ids[0]],
    );
    expect(n).toBe(1);
  });

  it('answers a retry after a lost reply with the first result, and creates nothing', async () => {
    const s = await requestable();
    const k = key();
    await productionRequests.request(s.requester.viewer, s.input, k); // the reply is lost
    const before = await requestsOf(s.requester.id);
    const rows = await counts();
    const retried = await productionRequests.request(s.requester.viewer, s.input, k);
    expect([retried.id]).toEqual(before);
    expect(retried).toMatchObject({ quantity: 2, budget: { amountMinor: 9000n, currency: 'EUR' } });
    expect(await counts()).toEqual(rows);
    // Without a key the same input is a second request; keys are per account and per operation.
    await productionRequests.request(s.requester.viewer, s.input);
    const other = await newAccount(app);
    const theirs = await productionRequests.request(other.viewer, s.input, k);
    expect(theirs.id).not.toBe(before[0]);
    expect(await requestsOf(s.requester.id)).toHaveLength(2);
  });

  it('refuses the same key with a different input (IDEMPOTENCY_KEY_REUSED) and writes nothing; refuses malformed keys', async () => {
    const s = await requestable();
    const k = key();
    await productionRequests.request(s.requester.viewer, s.input, k);
    await expectNothingWritten(
      db,
      REQUEST_TABLES,
      () => productionRequests.request(s.requester.viewer, { ...s.input, quantity: 3 }, k),
      ConflictError,
    );
    await expect(productionRequests.request(s.requester.viewer, { ...s.input, quantity: 3 }, k)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
    for (const bad of ['short', 'x'.repeat(129), 'has a space in it']) {
      await expectNothingWritten(
        db,
        REQUEST_TABLES,
        () => productionRequests.request(s.requester.viewer, s.input, bad),
        InvalidInputError,
        'idempotencyKey',
      );
    }
  });

  it('gives concurrent requests with one key and different inputs one winner; the others conflict', async () => {
    const s = await requestable();
    const k = key();
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((quantity) => productionRequests.request(s.requester.viewer, { ...s.input, quantity }, k)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected'))
      expect(o.reason).toMatchObject({ details: { reason: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await requestsOf(s.requester.id)).toHaveLength(1);
  });

  it('replays a payment, a proposal, a published version and an imported manifest instead of creating them twice', async () => {
    const s = await requestable();
    const request = await productionRequests.request(s.requester.viewer, s.input);
    const job = await productionJobs.claim(s.admin.viewer, request.id, s.facility.id);
    await productionJobs.advance(s.admin.viewer, job.id, 'IN_PRODUCTION');
    await productionJobs.advance(s.admin.viewer, job.id, 'READY', [(await newEvidence(app, s.admin.viewer, job.id)).files[0]!.cid]);
    await productionJobs.advance(s.admin.viewer, job.id, 'DELIVERED');
    await productionJobs.acceptDelivery(s.requester.viewer, job.id);

    const rewards = app.get(RewardsService);
    const pay = key();
    const amount = { amountMinor: '9000', currency: 'EUR' };
    const paid = await Promise.all(Array.from({ length: 5 }, () => rewards.recordPayment(s.requester.viewer, job.id, amount, pay)));
    expect(new Set(paid.map((p) => p.id)).size).toBe(1);
    expect((await rewards.recordPayment(s.requester.viewer, job.id, amount, pay)).id).toBe(paid[0]!.id);
    await expect(rewards.recordPayment(s.requester.viewer, job.id, amount)).rejects.toMatchObject({ details: { reason: 'ALREADY_PAID' } });
    await expect(rewards.recordPayment(s.requester.viewer, job.id, { ...amount, amountMinor: '9001' }, pay)).rejects.toMatchObject({
      details: { reason: 'IDEMPOTENCY_KEY_REUSED' },
    });

    const proposals = app.get(ProposalsService);
    const org = await newOrganization(app, s.designer.viewer);
    const proposal = {
      organizationId: org.id,
      title: 'Open on Sundays',
      kind: 'TEXT' as const,
      options: ['yes', 'no'],
      votingEndsAt: new Date(Date.now() + 2 * 3600_000),
    };
    const propose = key();
    const opened = await Promise.all([1, 2, 3].map(() => proposals.create(s.designer.viewer, { ...proposal }, new Date(), propose)));
    expect(new Set(opened.map((p) => p.id)).size).toBe(1);
    const [{ n: proposalsMade }] = await db.query('SELECT count(*)::int AS n FROM proposals WHERE organization_id = $1', [org.id]);
    expect(proposalsMade).toBe(1);

    const designs = app.get(DesignsService);
    const publish = key();
    const input = { title: 'Retry Stool', license: { hardware: 'CERN-OHL-S-2.0' }, rootCid: (await newUpload(app)).rootCid };
    const published = await Promise.all([1, 2, 3].map(() => designs.publish(s.designer.viewer, { ...input }, { key: publish })));
    expect(new Set(published.map((v) => v.id)).size).toBe(1);
    const remix = await designs.publish(
      s.designer.viewer,
      { ...input, title: 'Retry Stool XL', derivativeOf: [{ versionCid: published[0]!.cid, shareBps: 100 }] },
      { key: key() },
    );
    expect(remix.id).not.toBe(published[0]!.id);
    const [{ n: versions }] = await db.query('SELECT count(*)::int AS n FROM design_versions WHERE published_by = $1', [s.designer.id]);
    expect(versions).toBe(3); // the requested design, the stool and its remix

    const manifest = `okhv = "2.4"\nname = "Retry Lamp ${publish}"\nlicense = "CERN-OHL-S-2.0"\n`;
    const imports = app.get(DesignImportService);
    const importKey = key();
    const first = await imports.importOkh(s.designer.viewer, manifest, 'TOML', null, importKey);
    expect((await imports.importOkh(s.designer.viewer, manifest, 'TOML', null, importKey)).id).toBe(first.id);
  });

  it('forgets keys after the retention: the worker purges them, and the key may then be used afresh', async () => {
    const s = await requestable();
    const k = key();
    const first = await productionRequests.request(s.requester.viewer, s.input, k);
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE account_id = $1`, [s.requester.id]);
    // Expired but not yet purged: no longer replayed.
    const second = await productionRequests.request(s.requester.viewer, s.input, k);
    expect(second.id).not.toBe(first.id);
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE account_id = $1`, [s.requester.id]);
    expect(await app.get(IdempotencyService).purge()).toBeGreaterThanOrEqual(1);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE account_id = $1', [s.requester.id]);
    expect(n).toBe(0);
  });
});
