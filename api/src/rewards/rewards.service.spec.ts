import { randomUUID } from 'node:crypto';
import { aFacility, aJob, aRequest, aSettlement, aVersion } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import type { AgentDirectory } from '../identity/agent-directory.js';
import type { IdempotencyService } from '../idempotency/idempotency.service.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { ProductionService } from '../production/production.service.js';
import type { SettlementsRepository } from './distribution/settlements.repository.js';
import type { PoliciesRepository } from './policy/policies.repository.js';
import type { Payout } from './rewards.types.js';
import { RewardsService } from './rewards.service.js';

const REQUESTER: Viewer = { accountId: randomUUID() };
const OTHER: Viewer = { accountId: randomUUID() };
const REQUESTING_ORG = randomUUID();
const FACILITY = aFacility();
const AMOUNT = { amountMinor: '2500', currency: 'EUR' };
const { tx: TX } = fakeUnitOfWork();

interface Setup {
  memberships?: Array<{ organizationId: string; role: Role }>;
  did?: string;
  job?: Parameters<typeof aJob>[0];
  request?: Parameters<typeof aRequest>[0];
  version?: Parameters<typeof aVersion>[0];
}

function setup(o: Setup = {}) {
  const settlements = mock<SettlementsRepository>();
  const policyRows = mock<PoliciesRepository>();
  const production = mock<ProductionService>();
  const agents = mock<AgentDirectory>();
  const outbox = mock<OutboxRepository>();
  const idempotency = mock<IdempotencyService>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(o.memberships ?? []);
  lookup.didOf.mockResolvedValue(o.did ?? 'did:key:z6MkViewer');
  agents.didOfAccount.mockResolvedValue(o.did ?? 'did:key:z6MkViewer');
  agents.byDids.mockResolvedValue([]);
  const request = aRequest({ requesterAccountId: REQUESTER.accountId, requesterOrganizationId: REQUESTING_ORG, ...o.request });
  const job = aJob({ requestId: request.id, status: 'ACCEPTED', facilityId: FACILITY.id, ...o.job });
  production.paymentContext.mockResolvedValue({ job, request, facility: FACILITY, version: aVersion(o.version) });
  policyRows.activePolicy.mockResolvedValue({ version: 3, spec: {}, activatedAt: new Date() });
  settlements.findSettlementOfJob.mockResolvedValue(null);
  settlements.insertSettlement.mockImplementation((_tx, s) =>
    Promise.resolve({ ...s, status: 'PENDING', transactionId: null, createdAt: new Date(), distributedAt: null, inputsAsOf: null }),
  );
  idempotency.replay.mockResolvedValue(null);
  idempotency.transaction.mockImplementation(async (_request, work) => (await work(TX)).result);
  const service = new RewardsService(settlements, policyRows, production, agents, outbox, idempotency, new AccessService(lookup));
  return { service, settlements, production, outbox, idempotency, job };
}

describe('RewardsService.recordPayment', () => {
  it('records the requester’s payment under the fabricating organization’s policy in force, with its event', async () => {
    const t = setup();
    const settlement = await t.service.recordPayment(REQUESTER, t.job.id, AMOUNT);
    expect(settlement).toMatchObject({
      jobId: t.job.id,
      organizationId: FACILITY.organizationId,
      payerAccountId: REQUESTER.accountId,
      amountMinor: 2500n,
      currency: 'EUR',
      policyVersion: 3,
      status: 'PENDING',
    });
    expect(t.outbox.append).toHaveBeenCalledWith(
      TX,
      expect.objectContaining({ type: 'rewards.payment-recorded', aggregateId: settlement.id }),
    );
  });

  it('lets a treasurer of the requesting organization record it', async () => {
    const t = setup({ memberships: [{ organizationId: REQUESTING_ORG, role: 'TREASURER' }] });
    await expect(t.service.recordPayment(OTHER, t.job.id, AMOUNT)).resolves.toMatchObject({ payerAccountId: OTHER.accountId });
  });

  it.each([
    ['another account', []],
    ['a plain member of the requesting organization', [{ organizationId: REQUESTING_ORG, role: 'MEMBER' as const }]],
    ['an admin of the fabricating organization', [{ organizationId: FACILITY.organizationId, role: 'ADMIN' as const }]],
  ])('refuses %s, and writes nothing', async (_who, memberships) => {
    const t = setup({ memberships });
    await expect(t.service.recordPayment(OTHER, t.job.id, AMOUNT)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.idempotency.transaction).not.toHaveBeenCalled();
    expect(t.settlements.insertSettlement).not.toHaveBeenCalled();
  });

  it('refuses a payment of nothing before reading the job', async () => {
    const t = setup();
    const err = await t.service.recordPayment(REQUESTER, t.job.id, { ...AMOUNT, amountMinor: '0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: 'amount.amountMinor', reason: 'NOT_POSITIVE' });
    expect(t.production.paymentContext).not.toHaveBeenCalled();
  });

  it.each([
    ['a job not accepted yet', { job: { status: 'DELIVERED' as const } }, 'NOT_ACCEPTED'],
    ['a job settled already', { job: { status: 'SETTLED' as const } }, 'ALREADY_PAID'],
    [
      'a design licensed for non-commercial making only',
      { version: { licenceClass: 'NON_COMMERCIAL_ONLY' as const } },
      'NON_COMMERCIAL_LICENCE',
    ],
  ])('refuses %s, and writes nothing', async (_case, over, reason) => {
    const t = setup(over);
    const err = await t.service.recordPayment(REQUESTER, t.job.id, AMOUNT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: expect.objectContaining({ reason }) });
    expect(t.settlements.insertSettlement).not.toHaveBeenCalled();
  });

  it('refuses a second payment of a job', async () => {
    const t = setup();
    t.settlements.findSettlementOfJob.mockResolvedValue(aSettlement({ jobId: t.job.id }));
    await expect(t.service.recordPayment(REQUESTER, t.job.id, AMOUNT)).rejects.toMatchObject({ details: { reason: 'ALREADY_PAID' } });
    expect(t.settlements.insertSettlement).not.toHaveBeenCalled();
  });

  it('refuses a payment in another currency than the request’s budget', async () => {
    const t = setup({ request: { budget: { amountMinor: 5000n, currency: 'USD' } } });
    const err = await t.service.recordPayment(REQUESTER, t.job.id, AMOUNT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ reason: 'CURRENCY_MISMATCH' });
  });

  it('answers a concurrent second payment that lost the race on the unique job with a conflict', async () => {
    const t = setup();
    t.idempotency.transaction.mockRejectedValue(Object.assign(new Error('duplicate key'), { code: '23505' }));
    await expect(t.service.recordPayment(REQUESTER, t.job.id, AMOUNT)).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers a repeat under the same key with the first settlement', async () => {
    const t = setup();
    const first = aSettlement({ jobId: t.job.id });
    t.idempotency.replay.mockResolvedValue(first.id);
    t.settlements.findSettlement.mockResolvedValue(first);
    await expect(t.service.recordPayment(REQUESTER, t.job.id, AMOUNT, 'key-12345678')).resolves.toBe(first);
    expect(t.production.paymentContext).not.toHaveBeenCalled();
    expect(t.idempotency.transaction).not.toHaveBeenCalled();
  });
});

describe('RewardsService.settlement', () => {
  const SETTLEMENT = aSettlement({ payerAccountId: REQUESTER.accountId, organizationId: FACILITY.organizationId });
  const line = (recipientDid: string | null): Payout => ({
    settlementId: SETTLEMENT.id,
    policyVersion: 0,
    line: 1,
    accountId: randomUUID(),
    recipientDid,
    fund: recipientDid ? null : 'COMMONS',
    designId: null,
    bucket: 'fabrication',
    rule: 'test',
    amountMinor: 100n,
    currency: 'EUR',
    records: [],
    lineagePath: null,
    capMinor: null,
  });

  it.each([
    ['the payer', REQUESTER, []],
    ['a member of the fabricating organization', OTHER, [{ organizationId: FACILITY.organizationId, role: 'MEMBER' as const }]],
  ])('shows a settlement to %s', async (_who, viewer, memberships) => {
    const t = setup({ memberships });
    t.settlements.findSettlement.mockResolvedValue(SETTLEMENT);
    await expect(t.service.settlement(viewer, SETTLEMENT.id)).resolves.toBe(SETTLEMENT);
  });

  it('shows a settlement to a person it paid', async () => {
    const t = setup({ did: 'did:key:z6MkPaid' });
    t.settlements.findSettlement.mockResolvedValue(SETTLEMENT);
    t.settlements.payoutsOf.mockResolvedValue([line('did:key:z6MkPaid')]);
    await expect(t.service.settlement(OTHER, SETTLEMENT.id)).resolves.toBe(SETTLEMENT);
  });

  it('refuses anyone else', async () => {
    const t = setup({ did: 'did:key:z6MkStranger' });
    t.settlements.findSettlement.mockResolvedValue(SETTLEMENT);
    t.settlements.payoutsOf.mockResolvedValue([line('did:key:z6MkPaid'), line(null)]);
    await expect(t.service.settlement(OTHER, SETTLEMENT.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('answers not found for a settlement that does not exist', async () => {
    const t = setup();
    t.settlements.findSettlement.mockResolvedValue(null);
    await expect(t.service.settlement(REQUESTER, SETTLEMENT.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names people paid only to members of the fabricating organization and to themselves', async () => {
    const t = setup({ did: 'did:key:z6MkPaid' });
    t.settlements.findSettlement.mockResolvedValue(SETTLEMENT);
    t.settlements.payoutsOf.mockResolvedValue([line('did:key:z6MkPaid'), line('did:key:z6MkSomeoneElse'), line(null)]);
    const lines = await t.service.visiblePayouts(OTHER, SETTLEMENT.id);
    expect(lines.map((l) => [l.recipientDid, l.masked])).toEqual([
      ['did:key:z6MkPaid', false],
      [null, true],
      [null, false],
    ]);
  });
});
