import { InvalidInputError } from '../common/errors/domain-error.js';
import {
  aCid,
  CLAIM_WINDOW_SECONDS,
  expectNoMove,
  FACILITY,
  held,
  jobsSetup,
  MAKER,
  OTHER_FACILITY,
  recorded,
  REQUESTER,
  STRANGER,
} from '../../../test/support/production-unit.js';

describe('ProductionJobsService.claim', () => {
  it('lets a member of an offered facility claim an open job, for the claim window, with its history and event', async () => {
    const t = jobsSetup();
    const before = Date.now();
    const claimed = await t.service.claim(MAKER, t.request.id, FACILITY.id);
    expect(claimed.status).toBe('CLAIMED');
    const [tx, claim] = t.jobs.claim.mock.calls[0]!;
    expect(t.offers.hasOffer).toHaveBeenCalledWith(tx, t.job.id, FACILITY.id);
    expect(claim).toMatchObject({ jobId: t.job.id, facilityId: FACILITY.id, accountId: MAKER.accountId });
    expect(claim.expiresAt.getTime()).toBeGreaterThanOrEqual(before + CLAIM_WINDOW_SECONDS * 1000);
    expect(recorded(t)).toEqual(['OPEN → CLAIMED']);
    expect(t.outbox.append).toHaveBeenCalledWith(
      tx,
      expect.objectContaining({
        type: 'production.job.transitioned',
        payload: expect.objectContaining({
          from: 'OPEN',
          to: 'CLAIMED',
          actorId: MAKER.accountId,
          organizationId: FACILITY.organizationId,
        }),
      }),
    );
    expect(t.runs()).toBe(1);
  });

  it('answers CONFLICT to the second claimant when the conditional update finds the job taken', async () => {
    const t = jobsSetup();
    t.jobs.claim.mockResolvedValue(null);
    await expect(t.service.claim(MAKER, t.request.id, FACILITY.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(t.jobs.claim).toHaveBeenCalledTimes(1);
    expect(t.jobs.appendHistory).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('refuses a claim for a facility the viewer is not a member of, before touching the job', async () => {
    const t = jobsSetup();
    await expect(t.service.claim(STRANGER, t.request.id, FACILITY.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.jobs.jobsOfRequests).not.toHaveBeenCalled();
    expectNoMove(t);
  });

  it('refuses a facility the job was not offered to', async () => {
    const t = jobsSetup();
    t.facilities.get.mockResolvedValue({ ...OTHER_FACILITY, organizationId: FACILITY.organizationId });
    await expect(t.service.claim(MAKER, t.request.id, OTHER_FACILITY.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.offers.hasOffer).toHaveBeenCalled();
    expect(t.jobs.claim).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('answers CONFLICT for a job already claimed, without trying the update', async () => {
    const t = jobsSetup(held('CLAIMED'));
    await expect(t.service.claim(MAKER, t.request.id, FACILITY.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { status: 'CLAIMED' },
    });
    expectNoMove(t);
  });

  it('answers CONFLICT on a cancelled request and on one past its due date', async () => {
    const cancelled = jobsSetup({ request: { cancelledAt: new Date() } });
    await expect(cancelled.service.claim(MAKER, cancelled.request.id, FACILITY.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expectNoMove(cancelled);
    const overdue = jobsSetup({ request: { dueDate: new Date(Date.now() - 1000) } });
    await expect(overdue.service.claim(MAKER, overdue.request.id, FACILITY.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expectNoMove(overdue);
  });

  it('asks which line to claim on a split request, and claims the line named', async () => {
    const t = jobsSetup({
      jobs: [
        { lineKey: 'part:frame', role: 'PART' },
        { lineKey: 'assembly', role: 'ASSEMBLY' },
      ],
    });
    await expect(t.service.claim(MAKER, t.request.id, FACILITY.id)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'LINE_REQUIRED',
    });
    await expect(t.service.claim(MAKER, t.request.id, FACILITY.id, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expectNoMove(t);
    await t.service.claim(MAKER, t.request.id, FACILITY.id, 'assembly');
    expect(t.jobs.claim).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ jobId: t.lines[1]!.id }));
  });
});

describe('ProductionJobsService.advance', () => {
  it('lets the holding facility start production', async () => {
    const t = jobsSetup(held('CLAIMED'));
    const moved = await t.service.advance(MAKER, t.job.id, 'IN_PRODUCTION');
    expect(moved.status).toBe('IN_PRODUCTION');
    expect(t.jobs.transition).toHaveBeenCalledWith(expect.anything(), t.job.id, 'CLAIMED', 'IN_PRODUCTION', {
      evidenceCids: undefined,
      release: false,
    });
    expect(recorded(t)).toEqual(['CLAIMED → IN_PRODUCTION']);
    expect(t.outbox.append).toHaveBeenCalledTimes(1);
  });

  it('refuses READY without QC evidence, and writes nothing', async () => {
    const t = jobsSetup(held('IN_PRODUCTION'));
    await expect(t.service.advance(MAKER, t.job.id, 'READY')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'EVIDENCE_REQUIRED',
    });
    expect(t.content.requireStored).not.toHaveBeenCalled();
    expectNoMove(t);
  });

  it('marks a job READY with stored QC evidence, added to what it already had and kept in its history', async () => {
    const earlier = aCid(0x55);
    const photo = aCid(0x55);
    const t = jobsSetup(held('IN_PRODUCTION', { evidenceCids: [earlier] }));
    await t.service.advance(MAKER, t.job.id, 'READY', [photo]);
    expect(t.content.requireStored).toHaveBeenCalledWith([photo], 'evidenceCids', expect.any(Number));
    expect(t.jobs.transition).toHaveBeenCalledWith(expect.anything(), t.job.id, 'IN_PRODUCTION', 'READY', {
      evidenceCids: [earlier, photo],
      release: false,
    });
    expect(t.jobs.appendHistory).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ to: 'READY', evidenceCids: [photo] }));
  });

  it('refuses evidence the content store does not hold', async () => {
    const t = jobsSetup(held('IN_PRODUCTION'));
    t.content.requireStored.mockRejectedValue(new InvalidInputError('evidenceCids', 'Not stored here.', 'NOT_STORED'));
    await expect(t.service.advance(MAKER, t.job.id, 'READY', [aCid()])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expectNoMove(t);
  });

  it('lets the facility deliver a READY job, and the requester accept it', async () => {
    const t = jobsSetup(held('READY'));
    await t.service.advance(MAKER, t.job.id, 'DELIVERED');
    const delivered = jobsSetup(held('DELIVERED'));
    await delivered.service.acceptDelivery(REQUESTER, delivered.job.id);
    expect(recorded(t)).toEqual(['READY → DELIVERED']);
    expect(recorded(delivered)).toEqual(['DELIVERED → ACCEPTED']);
    expect(delivered.jobs.appendHistory).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ actorAccountId: REQUESTER.accountId }),
    );
  });

  it('lets the requester dispute a delivery with a reason, kept as the history note', async () => {
    const t = jobsSetup(held('DELIVERED'));
    await t.service.disputeDelivery(REQUESTER, t.job.id, 'Two parts are cracked');
    expect(t.jobs.appendHistory).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ from: 'DELIVERED', to: 'DISPUTED', note: 'Two parts are cracked' }),
    );
  });

  it('refuses a dispute without a reason', async () => {
    const t = jobsSetup(held('DELIVERED'));
    await expect(t.service.disputeDelivery(REQUESTER, t.job.id, ' ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expectNoMove(t);
  });

  it('refuses the facility accepting its own delivery: only the requester may', async () => {
    const t = jobsSetup(held('DELIVERED'));
    const err = await t.service.acceptDelivery(MAKER, t.job.id).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('requester') });
    expectNoMove(t);
  });

  it('refuses the requester starting production: only the facility holding the job may', async () => {
    const t = jobsSetup(held('CLAIMED'));
    const err = await t.service.advance(REQUESTER, t.job.id, 'IN_PRODUCTION').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('facility') });
    expectNoMove(t);
  });

  it('refuses someone who is no party to the job', async () => {
    const t = jobsSetup(held('CLAIMED'));
    await expect(t.service.advance(STRANGER, t.job.id, 'IN_PRODUCTION')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expectNoMove(t);
  });

  it('refuses a move the lifecycle does not have, and a status that does not exist', async () => {
    const t = jobsSetup(held('CLAIMED'));
    await expect(t.service.advance(MAKER, t.job.id, 'DELIVERED')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
    });
    await expect(t.service.advance(MAKER, t.job.id, 'FINISHED')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(t.reads.getJob).toHaveBeenCalledTimes(1);
    expectNoMove(t);
  });

  it('answers CONFLICT when the job changed between reading and moving it, leaving no history', async () => {
    const t = jobsSetup(held('CLAIMED'));
    t.jobs.transition.mockResolvedValue(null);
    await expect(t.service.advance(MAKER, t.job.id, 'IN_PRODUCTION')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(t.jobs.appendHistory).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('releases a claim the facility gives back', async () => {
    const t = jobsSetup(held('CLAIMED'));
    await t.service.advance(MAKER, t.job.id, 'OPEN');
    expect(t.jobs.transition).toHaveBeenCalledWith(expect.anything(), t.job.id, 'CLAIMED', 'OPEN', {
      evidenceCids: undefined,
      release: true,
    });
  });
});

describe('ProductionJobsService.cancelRequest', () => {
  it('lets the requester cancel: every job not yet made is cancelled, then the request', async () => {
    const t = jobsSetup({
      jobs: [
        { lineKey: 'part:a', status: 'OPEN' },
        { lineKey: 'part:b', status: 'IN_PRODUCTION', facilityId: FACILITY.id },
        { lineKey: 'assembly', status: 'CANCELLED' },
      ],
    });
    const cancelled = await t.service.cancelRequest(REQUESTER, t.request.id);
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
    expect(t.jobs.transition.mock.calls.map(([, id, from, to]) => [id, from, to])).toEqual([
      [t.lines[0]!.id, 'OPEN', 'CANCELLED'],
      [t.lines[1]!.id, 'IN_PRODUCTION', 'CANCELLED'],
    ]);
    expect(t.jobs.appendHistory.mock.calls.map(([, h]) => h.facilityId)).toEqual([null, FACILITY.id]);
    expect(t.requests.markCancelled).toHaveBeenCalledWith(expect.anything(), t.request.id);
    expect(t.runs()).toBe(1);
  });

  it('refuses anyone but the requester, even the facility holding a job', async () => {
    const t = jobsSetup(held('CLAIMED'));
    await expect(t.service.cancelRequest(MAKER, t.request.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expectNoMove(t);
    expect(t.requests.markCancelled).not.toHaveBeenCalled();
  });

  it('answers CONFLICT when parts are already made, or the request is already cancelled', async () => {
    const made = jobsSetup(held('READY'));
    await expect(made.service.cancelRequest(REQUESTER, made.request.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expectNoMove(made);
    expect(made.requests.markCancelled).not.toHaveBeenCalled();
    const again = jobsSetup({ request: { cancelledAt: new Date() } });
    await expect(again.service.cancelRequest(REQUESTER, again.request.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(again.requests.markCancelled).not.toHaveBeenCalled();
  });

  it('rolls back when a job moved meanwhile: the request stays open', async () => {
    const t = jobsSetup();
    t.jobs.transition.mockResolvedValue(null);
    await expect(t.service.cancelRequest(REQUESTER, t.request.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(t.requests.markCancelled).not.toHaveBeenCalled();
  });
});

describe('ProductionJobsService.expireClaim', () => {
  const past = () => new Date(Date.now() - 1000);

  it('reopens a claim still unstarted when its window has closed, guarded by the claim number', async () => {
    const t = jobsSetup(held('CLAIMED', { claimSeq: 4, claimExpiresAt: past() }));
    expect(await t.service.expireClaim(t.job.id, 4)).toBe(true);
    expect(t.jobs.transition).toHaveBeenCalledWith(expect.anything(), t.job.id, 'CLAIMED', 'OPEN', { release: true, claimSeq: 4 });
    expect(t.jobs.appendHistory).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ actorAccountId: null, to: 'OPEN' }));
  });

  it('leaves a newer claim, a started job and an open window alone', async () => {
    for (const t of [
      jobsSetup(held('CLAIMED', { claimSeq: 5, claimExpiresAt: past() })),
      jobsSetup(held('IN_PRODUCTION', { claimSeq: 4, claimExpiresAt: past() })),
      jobsSetup(held('CLAIMED', { claimSeq: 4, claimExpiresAt: new Date(Date.now() + 60_000) })),
    ]) {
      expect(await t.service.expireClaim(t.job.id, 4)).toBe(false);
      expectNoMove(t);
    }
  });

  it('counts the overdue claims it released', async () => {
    const t = jobsSetup(held('CLAIMED', { claimSeq: 2, claimExpiresAt: past() }));
    t.jobs.overdueClaims.mockResolvedValue([
      { jobId: t.job.id, claimSeq: 2 },
      { jobId: t.job.id, claimSeq: 1 },
    ]);
    expect(await t.service.expireOverdueClaims(new Date())).toBe(1);
  });
});
