import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { jobRelations } from '../access/policies.js';
import type { Subject } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import type { Facility } from '../facilities/facilities.types.js';
import { requireText } from '../identity/text.js';
import { ReliabilityService } from '../matching/reliability/reliability.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { ACTIVE_STATUSES, jobTransitionedEvent, nextActions, transitionRule, type JobActor } from './job-lifecycle.js';
import { checkClaimFairness } from './claim-fairness.js';
import { JobEvidenceService } from './job-evidence.service.js';
import { JobOffersRepository } from './job-offers.repository.js';
import { jobParty, workOf } from './job-parties.js';
import { ProductionJobsRepository } from './production-jobs.repository.js';
import { ProductionRequestsRepository } from './production-requests.repository.js';
import { ProductionService } from './production.service.js';
import { JOB_STATUSES, type JobStatus, type ProductionJob, type ProductionRequest } from './production.types.js';

// A job's lifecycle once offered: claim, advance, accept or dispute, cancel, and claim expiry.
// Every move writes the job, its history and a job.transitioned event in one transaction.
@Injectable()
export class ProductionJobsService {
  constructor(
    private readonly requests: ProductionRequestsRepository,
    private readonly jobs: ProductionJobsRepository,
    private readonly offers: JobOffersRepository,
    private readonly reads: ProductionService,
    private readonly designs: DesignsService,
    private readonly facilities: FacilitiesService,
    private readonly evidence: JobEvidenceService,
    private readonly reliability: ReliabilityService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly calendar: CalendarService,
  ) {}

  // A member of the facility's organization claims an open job offered to the facility.
  // Exactly one claimant wins; everyone else gets CONFLICT.
  async claim(viewer: Viewer, requestId: string, facilityId: string, lineKey?: string | null): Promise<ProductionJob> {
    const request = await this.reads.getRequest(requestId);
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:claim-job', facility);
    const jobs = await this.jobs.jobsOfRequests([request.id]);
    const target = lineKey ? jobs.find((j) => j.lineKey === lineKey) : jobs.length === 1 ? jobs[0] : undefined;
    if (!target) {
      throw lineKey
        ? new NotFoundError('ProductionJob', `${request.id}/${lineKey}`)
        : new InvalidInputError(
            'line',
            `This request is split into lines (${jobs.map((j) => j.lineKey).join(', ')}); say which one to claim.`,
            'LINE_REQUIRED',
          );
    }
    if (request.cancelledAt || target.status !== 'OPEN')
      throw new ConflictError('This job is no longer open for claims.', { status: target.status });
    if (request.dueDate.getTime() <= Date.now()) throw new ConflictError('This request is past its due date and closed for claims.');
    await checkClaimFairness(this.reliability, viewer, request, target, facility);
    const version = await this.designs.versionById(request.designVersionId);
    return this.uow.run(async (tx) => {
      if (!(await this.offers.hasOffer(tx, target.id, facility.id)))
        throw new ForbiddenError('This job was not offered to this facility (it does not match).');
      const expiresAt = new Date(Date.now() + this.config.production.claimWindowSeconds * 1000);
      const claimed = await this.jobs.claim(tx, {
        jobId: target.id,
        facilityId: facility.id,
        accountId: viewer.accountId,
        expiresAt,
      });
      if (!claimed) throw new ConflictError('Another facility claimed this job first.');
      // The claim holds the machine-hours until the due date; too few free hours refuse it whole.
      const booking = { facilityId: facility.id, jobId: claimed.id, claimSeq: claimed.claimSeq, due: request.dueDate };
      await this.calendar.book(tx, { ...booking, work: workOf(claimed, version, this.config.production.hoursPerPart) });
      await this.record(tx, claimed, 'OPEN', viewer.accountId, facility, request, version.cid, []);
      return claimed;
    });
  }

  // Moves a job along its lifecycle; who may do what is in job-lifecycle.ts.
  async advance(
    viewer: Viewer,
    jobId: string,
    rawTo: string,
    evidenceCids: readonly string[] = [],
    note?: string | null,
  ): Promise<ProductionJob> {
    if (!(JOB_STATUSES as readonly string[]).includes(rawTo))
      throw new InvalidInputError('to', `to must be one of ${JOB_STATUSES.join(', ')}.`, 'INVALID');
    const to = rawTo as JobStatus;
    const job = await this.reads.getJob(jobId);
    const request = (await this.requests.find(job.requestId))!;
    const facility = job.facilityId ? await this.facilities.get(job.facilityId) : null;
    const party = jobParty(request, facility);
    const subject = await this.access.subject(viewer);
    this.access.assert(subject, 'job:advance', party);
    const roles: JobActor[] = await this.access.jobRelations(subject, party);
    const rule = roles.map((by) => transitionRule(job.status, to, by)).find(Boolean);
    if (!rule) {
      const other = (['FACILITY', 'REQUESTER'] as const).find((by) => !roles.includes(by) && transitionRule(job.status, to, by));
      if (other)
        throw new ForbiddenError(
          `Only the ${other === 'FACILITY' ? 'facility holding the job' : 'requester'} can move a ${job.status} job to ${to}.`,
        );
      throw new InvalidInputError('to', `A ${job.status} job cannot move to ${to}.`, 'ILLEGAL_TRANSITION');
    }
    const cleanNote = note?.trim() ? requireText('note', note, 1, 5000, true) : null;
    const version = await this.designs.versionById(request.designVersionId);
    const evidence = await this.evidence.check(evidenceCids, rule.evidence ?? false, job, facility?.organizationId ?? null, version);
    return this.uow.run(async (tx) => {
      const moved = await this.jobs.transition(tx, job.id, job.status, to, {
        evidenceCids: rule.evidence ? [...job.evidenceCids, ...evidence] : undefined,
        release: to === 'OPEN',
      });
      if (!moved) throw new ConflictError('The job changed while you were updating it; reload and try again.');
      await this.record(tx, moved, job.status, viewer.accountId, facility, request, version.cid, evidence, cleanNote);
      return moved;
    });
  }

  // What the subject may do with a job now: the lifecycle's moves for each part they play in it.
  nextActions(subject: Subject, job: Pick<ProductionJob, 'status'>, request: ProductionRequest, facility: Facility | null) {
    return nextActions(job.status, jobRelations(subject, jobParty(request, facility)));
  }

  // Only the requester accepts or disputes (the lifecycle table says so; advance() enforces it).
  async acceptDelivery(viewer: Viewer, jobId: string): Promise<ProductionJob> {
    return this.advance(viewer, jobId, 'ACCEPTED');
  }

  async disputeDelivery(viewer: Viewer, jobId: string, reason: string): Promise<ProductionJob> {
    return this.advance(viewer, jobId, 'DISPUTED', [], requireText('reason', reason, 3, 5000, true));
  }

  // The requester withdraws a request: its jobs that are not yet made are cancelled.
  async cancelRequest(viewer: Viewer, requestId: string): Promise<ProductionRequest> {
    const request = await this.reads.getRequest(requestId);
    await this.access.require(viewer, 'request:cancel', request);
    if (request.cancelledAt) throw new ConflictError('This request is already cancelled.');
    const jobs = await this.jobs.jobsOfRequests([request.id]);
    const made = jobs.filter((j) => !['OPEN', 'CLAIMED', 'IN_PRODUCTION', 'CANCELLED'].includes(j.status));
    if (made.length)
      throw new ConflictError(
        `Parts of this request are already made (${made.map((j) => `${j.lineKey}: ${j.status}`).join(', ')}); dispute or accept them instead.`,
      );
    const version = await this.designs.versionById(request.designVersionId);
    const holders = new Map(
      (await this.facilities.byIds(jobs.map((j) => j.facilityId).filter((id): id is string => !!id))).map((f) => [f.id, f]),
    );
    await this.uow.run(async (tx) => {
      for (const job of jobs.filter((j) => j.status !== 'CANCELLED')) {
        const moved = await this.jobs.transition(tx, job.id, job.status, 'CANCELLED');
        if (!moved) throw new ConflictError('The request changed while you were cancelling it; reload and try again.');
        await this.record(
          tx,
          moved,
          job.status,
          viewer.accountId,
          job.facilityId ? holders.get(job.facilityId)! : null,
          request,
          version.cid,
          [],
        );
      }
      await this.requests.markCancelled(tx, request.id);
    });
    return { ...request, cancelledAt: new Date() };
  }

  // Run by the worker when a claim's window ends: a claim still not started is released and
  // the job reopens for the other offered facilities. Idempotent (guarded by claimSeq).
  async expireClaim(jobId: string, claimSeq: number, now = new Date()): Promise<boolean> {
    const job = await this.jobs.find(jobId);
    if (!job || job.status !== 'CLAIMED' || job.claimSeq !== claimSeq || !job.claimExpiresAt || job.claimExpiresAt > now) return false;
    const request = (await this.requests.find(job.requestId))!;
    const facility = await this.facilities.get(job.facilityId!);
    const version = await this.designs.versionById(request.designVersionId);
    return this.uow.run(async (tx) => {
      const reopened = await this.jobs.transition(tx, job.id, 'CLAIMED', 'OPEN', { release: true, claimSeq });
      if (!reopened) return false;
      await this.record(tx, reopened, 'CLAIMED', null, facility, request, version.cid, [], 'claim expired before production started');
      return true;
    });
  }

  // The safety net for claims whose expiry job was lost (e.g. with Redis): those still unstarted
  // past their window are released now. expireClaim is idempotent, so a job firing too is harmless.
  async expireOverdueClaims(before: Date, limit = 500): Promise<number> {
    let released = 0;
    for (const c of await this.jobs.overdueClaims(before, limit)) if (await this.expireClaim(c.jobId, c.claimSeq)) released++;
    return released;
  }

  private async record(
    tx: Tx,
    job: ProductionJob,
    from: JobStatus,
    actorId: string | null,
    facility: Facility | null,
    request: ProductionRequest,
    designVersionCid: string,
    evidence: string[],
    note: string | null = null,
  ) {
    // Leaving the claimed statuses (released, expired, cancelled, or made) frees the booked hours.
    if (ACTIVE_STATUSES.includes(from) && !ACTIVE_STATUSES.includes(job.status)) await this.calendar.release(tx, job.id);
    await this.jobs.appendHistory(tx, {
      jobId: job.id,
      from,
      to: job.status,
      actorAccountId: actorId,
      facilityId: facility?.id ?? null,
      evidenceCids: evidence,
      note,
    });
    await this.outbox.append(
      tx,
      jobTransitionedEvent(job, {
        from,
        to: job.status,
        actorId,
        facilityId: facility?.id ?? null,
        organizationId: facility?.organizationId ?? null,
        requesterId: request.requesterAccountId,
        designVersionCid,
        evidenceCids: evidence,
      }),
    );
  }
}
