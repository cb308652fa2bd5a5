import { aFacility, anOrganization, aRequest, aRequirement, aVersion } from '../../../test/support/domain-factories.js';
import { FACILITY, MAKER, REQUESTER, requestInput, requestsSetup, VERSION } from '../../../test/support/production-unit.js';

type Setup = ReturnType<typeof requestsSetup>;
function expectNothingWritten(t: Setup) {
  expect(t.runs()).toBe(0);
  expect(t.requests.insert).not.toHaveBeenCalled();
  expect(t.jobs.insert).not.toHaveBeenCalled();
  expect(t.offers.insert).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}

describe('ProductionRequestsService.request', () => {
  it('writes the request, its job and the offers to the matches with production.requested, in one unit of work', async () => {
    const t = requestsSetup();
    const request = await t.service.request(REQUESTER, requestInput());
    expect(request).toMatchObject({ requesterAccountId: REQUESTER.accountId, designVersionId: VERSION.id, quantity: 2, split: false });
    const [tx, written] = t.requests.insert.mock.calls[0]!;
    expect(written).toBe(request);
    const [, jobs] = t.jobs.insert.mock.calls[0]!;
    expect(jobs).toEqual([
      expect.objectContaining({ requestId: request.id, role: 'WHOLE', status: 'OPEN', proposedFacilityId: FACILITY.id }),
    ]);
    expect(t.offers.insert).toHaveBeenCalledWith(
      tx,
      [expect.objectContaining({ jobId: jobs[0]!.id, facilityId: FACILITY.id, rank: 1 })],
      request.createdAt,
    );
    expect(t.outbox.append).toHaveBeenCalledWith(
      tx,
      expect.objectContaining({
        type: 'production.requested',
        aggregateId: request.id,
        payload: expect.objectContaining({ offers: [{ jobId: jobs[0]!.id, lineKey: 'whole', facilityIds: [FACILITY.id] }] }),
      }),
    );
    expect(t.runs()).toBe(1);
  });

  it('answers a repeated idempotency key with the first request, writing nothing', async () => {
    const t = requestsSetup();
    const first = aRequest();
    t.idempotency.replay.mockResolvedValue(first.id);
    t.reads.getRequest.mockResolvedValue(first);
    expect(await t.service.request(REQUESTER, requestInput(), 'key-1')).toBe(first);
    expect(t.matching.parse).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('refuses a design whose licence forbids fabrication by others', async () => {
    const t = requestsSetup();
    const closed = aVersion({ licences: { hardware: 'LicenseRef-Proprietary' }, licenceClass: 'NOT_ALLOWED' });
    t.matching.parse.mockResolvedValue({ ...(await t.matching.parse(requestInput())), version: closed });
    await expect(t.service.request(REQUESTER, requestInput())).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'LICENCE_FORBIDS_FABRICATION',
    });
    expect(t.matching.matchParsed).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('refuses a budget for a design licensed for non-commercial fabrication only', async () => {
    const t = requestsSetup();
    const nc = aVersion({ licences: { hardware: 'CC-BY-NC-4.0' }, licenceClass: 'NON_COMMERCIAL_ONLY' });
    t.matching.parse.mockResolvedValue({ ...(await t.matching.parse(requestInput())), version: nc });
    const withBudget = { ...requestInput(), budget: { amountMinor: '12000', currency: 'EUR' } };
    await expect(t.service.request(REQUESTER, withBudget)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'LICENCE_NON_COMMERCIAL',
    });
    expectNothingWritten(t);
  });

  it('refuses a request on behalf of an organization the viewer is not a member of', async () => {
    const t = requestsSetup();
    const org = anOrganization();
    t.organizations.get.mockResolvedValue(org);
    await expect(t.service.request(REQUESTER, { ...requestInput(), organizationId: org.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.matching.parse).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('lets a member request for their organization', async () => {
    const t = requestsSetup();
    const org = anOrganization({ id: FACILITY.organizationId });
    t.organizations.get.mockResolvedValue(org);
    const request = await t.service.request(MAKER, { ...requestInput(), organizationId: org.id });
    expect(request.requesterOrganizationId).toBe(org.id);
    expect(t.requests.insert).toHaveBeenCalledTimes(1);
  });

  it('refuses when no single facility can make it and no split is allowed', async () => {
    const t = requestsSetup();
    t.matching.matchParsed.mockResolvedValue({ requirements: [], estimatedHours: 2, matches: [], excluded: [] });
    await expect(t.service.request(REQUESTER, requestInput())).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NO_CAPABLE_FACILITY',
    });
    expect(t.matching.planSplit).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('splits into part jobs and an assembly when allowed and no single facility can', async () => {
    const t = requestsSetup();
    const laser = aFacility();
    const frame = aRequirement({ key: 'frame', label: 'Frame', process: 'LASER_CUTTING' });
    t.matching.matchParsed.mockResolvedValue({ requirements: [frame], estimatedHours: 2, matches: [], excluded: [] });
    t.matching.planSplit.mockResolvedValue({
      assembler: FACILITY,
      deliveryKm: 3,
      totalKm: 10,
      lines: [{ requirement: frame, facility: laser, toAssemblerKm: 7 }],
      candidates: [
        { facility: laser, distanceKm: 5, canMake: ['frame'] },
        { facility: FACILITY, distanceKm: 3, canMake: [] },
      ],
    });
    const request = await t.service.request(REQUESTER, { ...requestInput(), allowSplit: true });
    expect(request.split).toBe(true);
    const [, jobs] = t.jobs.insert.mock.calls[0]!;
    expect(jobs.map((j) => [j.role, j.lineKey])).toEqual([
      ['PART', 'part:frame'],
      ['ASSEMBLY', 'assembly'],
    ]);
  });

  it('refuses a split no facilities in range can make between them', async () => {
    const t = requestsSetup();
    t.matching.matchParsed.mockResolvedValue({ requirements: [], estimatedHours: 2, matches: [], excluded: [] });
    t.matching.planSplit.mockResolvedValue(null);
    await expect(t.service.request(REQUESTER, { ...requestInput(), allowSplit: true })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NO_CAPABLE_FACILITY',
    });
    expectNothingWritten(t);
  });
});
