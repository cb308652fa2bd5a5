import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { jobRelations } from '../access/policies.js';
import type { Subject } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { parseMoney, type MoneyInput } from '../common/money.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import type { Facility } from '../facilities/facilities.types.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { requireText } from '../identity/text.js';
import { ContentService } from '../ipfs/content.service.js';
import type { MatchInput } from '../matching/matching.types.js';
import { MatchingService } from '../matching/matching.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { planSplitLines, planWhole, type ProductionPlan } from './offer-planning.js';
import { jobTransitionedEvent, nextActions, transitionRule, type JobActor } from './job-lifecycle.js';
import { ProductionRepository } from './production.repository.js';
import { JOB_STATUSES, type JobStatus, type ProductionJob, type ProductionRequest } from './production.types.js';

export interface RequestProductionInput extends Omit<MatchInput, 'first' | 'explain' | 'requirements'> {
  designVersionCid: string;
  dueDate: Date;
  budget?: MoneyInput | null;
  organizationId?: string | null;
  allowSplit?: boolean | null;
  note?: string | null;
  location: { lat: number; lon: number; address?: string | null };
}

const MAX_EVIDENCE = 50;

@Injectable()
export class ProductionService {
  constructor(
    private readonly production: ProductionRepository,
    private readonly matching: MatchingService,
    private readonly designs: DesignsService,
    private readonly facilities: FacilitiesService,
    private readonly organizations: OrganizationsService,
    private readonly content: ContentService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
  ) {}

  // A requester asks for a design version to be made near a place by a date. The request
  // is offered to the matched facilities; with allowSplit and no single capable facility,
  // each fabricated part becomes its own job plus an assembly job.
  // With an idempotency key, a repeat of the same request answers with the first one's request.
  async request(viewer: Viewer, input: RequestProductionInput, idempotencyKey?: string | null): Promise<ProductionRequest> {
    const idempotent = { viewer, operation: 'requestProduction', key: idempotencyKey, input };
    const earlier = await this.idempotency.replay(idempotent);
    if (earlier) return this.getRequest(earlier);
    if (!input.dueDate) throw new InvalidInputError('dueDate', 'dueDate is required.', 'REQUIRED');
    const budget = input.budget ? parseMoney('budget', input.budget) : null;
    const note = input.note?.trim() ? requireText('note', input.note, 1, 5000, true) : null;
    const address = input.location.address?.trim() || null;
    if (input.organizationId)
      await this.access.require(viewer, 'organization:request-production', await this.organizations.get(input.organizationId));
    const parsed = await this.matching.parse({ ...input, first: this.config.matching.offerLimit, explain: false });
    const version = parsed.version!;
    if (version.licenceClass === 'NOT_ALLOWED') {
      throw new InvalidInputError(
        'designVersionCid',
        `The licence of this design (${version.licences.hardware}) does not allow others to fabricate it.`,
        'LICENCE_FORBIDS_FABRICATION',
      );
    }
    if (version.licenceClass === 'NON_COMMERCIAL_ONLY' && budget) {
      throw new InvalidInputError(
        'budget',
        `The licence of this design (${version.licences.hardware}) allows only non-commercial fabrication: request it without a budget.`,
        'LICENCE_NON_COMMERCIAL',
      );
    }

    const now = new Date();
    const request: ProductionRequest = {
      id: randomUUID(),
      requesterAccountId: viewer.accountId,
      requesterOrganizationId: input.organizationId ?? null,
      designVersionId: version.id,
      quantity: parsed.quantity,
      location: parsed.location,
      address,
      radiusKm: parsed.radiusKm,
      dueDate: parsed.dueDate!,
      budget,
      split: false,
      note,
      cancelledAt: null,
      createdAt: now,
    };
    const planning = {
      requestId: request.id,
      title: version.title,
      quantity: parsed.quantity,
      now,
      offerLimit: this.config.matching.offerLimit,
      hoursPerPart: this.config.production.hoursPerPart,
    };
    const result = await this.matching.matchParsed(parsed, viewer);
    let planned: ProductionPlan;
    if (result.matches.length) {
      planned = planWhole(planning, result);
    } else {
      const plan = input.allowSplit ? await this.matching.planSplit(parsed, viewer) : null;
      if (!plan) {
        throw new InvalidInputError(
          'radiusKm',
          input.allowSplit
            ? `No facilities within ${parsed.radiusKm} km can make every part between them; widen the radius.`
            : `No single facility within ${parsed.radiusKm} km can make every part; widen the radius or allow a split.`,
          'NO_CAPABLE_FACILITY',
        );
      }
      planned = planSplitLines(planning, plan);
    }
    request.split = planned.split;
    const { jobs, offers } = planned;

    return this.idempotency.transaction(
      idempotent,
      async (tx) => {
        await this.production.insertRequest(tx, request, jobs, offers);
        await this.outbox.append(tx, {
          type: 'production.requested',
          aggregateType: 'production_request',
          aggregateId: request.id,
          payload: {
            requestId: request.id,
            requesterId: viewer.accountId,
            designVersionCid: version.cid,
            quantity: request.quantity,
            split: request.split,
            offers: jobs.map((j) => ({
              jobId: j.id,
              lineKey: j.lineKey,
              facilityIds: offers.filter((o) => o.jobId === j.id).map((o) => o.facilityId),
            })),
          },
        });
        return { result: request, ref: request.id };
      },
      (id) => this.getRequest(id),
    );
  }

  // A member of the facility's organization claims an open job offered to the facility.
  // Exactly one claimant wins; everyone else gets CONFLICT.
  async claim(viewer: Viewer, requestId: string, facilityId: string, lineKey?: string | null): Promise<ProductionJob> {
    const request = await this.getRequest(requestId);
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:claim-job', facility);
    const jobs = await this.production.jobsOfRequests([request.id]);
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
    const version = await this.designs.versionById(request.designVersionId);
    return this.uow.run(async (tx) => {
      if (!(await this.production.hasOffer(tx, target.id, facility.id)))
        throw new ForbiddenError('This job was not offered to this facility (it does not match).');
      const expiresAt = new Date(Date.now() + this.config.production.claimWindowSeconds * 1000);
      const claimed = await this.production.claim(tx, {
        jobId: target.id,
        facilityId: facility.id,
        accountId: viewer.accountId,
        expiresAt,
      });
      if (!claimed) throw new ConflictError('Another facility claimed this job first.');
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
    const job = await this.getJob(jobId);
    const request = (await this.production.findRequest(job.requestId))!;
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
    const evidence = await this.checkEvidence(evidenceCids, rule.evidence ?? false);
    const cleanNote = note?.trim() ? requireText('note', note, 1, 5000, true) : null;
    const version = await this.designs.versionById(request.designVersionId);
    return this.uow.run(async (tx) => {
      const moved = await this.production.transition(tx, job.id, job.status, to, {
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
    const request = await this.getRequest(requestId);
    await this.access.require(viewer, 'request:cancel', request);
    if (request.cancelledAt) throw new ConflictError('This request is already cancelled.');
    const jobs = await this.production.jobsOfRequests([request.id]);
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
        const moved = await this.production.transition(tx, job.id, job.status, 'CANCELLED');
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
      await this.production.markRequestCancelled(tx, request.id);
    });
    return { ...request, cancelledAt: new Date() };
  }

  // Run by the worker when a claim's window ends: a claim still not started is released and
  // the job reopens for the other offered facilities. Idempotent (guarded by claimSeq).
  async expireClaim(jobId: string, claimSeq: number, now = new Date()): Promise<boolean> {
    const job = await this.production.findJob(jobId);
    if (!job || job.status !== 'CLAIMED' || job.claimSeq !== claimSeq || !job.claimExpiresAt || job.claimExpiresAt > now) return false;
    const request = (await this.production.findRequest(job.requestId))!;
    const facility = await this.facilities.get(job.facilityId!);
    const version = await this.designs.versionById(request.designVersionId);
    return this.uow.run(async (tx) => {
      const reopened = await this.production.transition(tx, job.id, 'CLAIMED', 'OPEN', { release: true, claimSeq });
      if (!reopened) return false;
      await this.record(tx, reopened, 'CLAIMED', null, facility, request, version.cid, [], 'claim expired before production started');
      return true;
    });
  }

  // The safety net for claims whose expiry job was lost (e.g. with Redis): those still unstarted
  // past their window are released now. expireClaim is idempotent, so a job firing too is harmless.
  async expireOverdueClaims(before: Date, limit = 500): Promise<number> {
    let released = 0;
    for (const c of await this.production.overdueClaims(before, limit)) if (await this.expireClaim(c.jobId, c.claimSeq)) released++;
    return released;
  }

  // Everything a payment on a job needs to know about it (read outside any transaction).
  async paymentContext(jobId: string) {
    const job = await this.getJob(jobId);
    const request = (await this.production.findRequest(job.requestId))!;
    const facility = job.facilityId ? await this.facilities.get(job.facilityId) : null;
    const version = await this.designs.versionById(request.designVersionId);
    return { job, request, facility, version };
  }

  async getRequest(id: string): Promise<ProductionRequest> {
    const request = await this.production.findRequest(id);
    if (!request) throw new NotFoundError('ProductionRequest', id);
    return request;
  }

  async getJob(id: string): Promise<ProductionJob> {
    const job = await this.production.findJob(id);
    if (!job) throw new NotFoundError('ProductionJob', id);
    return job;
  }

  // The requester, or a member of the facility a job is offered to or held by.
  async requireRequestReader(viewer: Viewer, request: ProductionRequest): Promise<void> {
    if (await this.access.can(viewer, 'request:read', request)) return;
    const jobs = await this.production.jobsOfRequests([request.id]);
    const offers = await this.production.offersOf(jobs.map((j) => j.id));
    const facilityIds = [
      ...new Set([...offers.map((o) => o.facilityId), ...jobs.map((j) => j.facilityId).filter((id): id is string => !!id)]),
    ];
    const offeredOrganizationIds = (await this.facilities.byIds(facilityIds)).map((f) => f.organizationId);
    await this.access.require(viewer, 'request:read', { ...request, offeredOrganizationIds });
  }

  async readableRequest(viewer: Viewer, id: string): Promise<ProductionRequest> {
    const request = await this.getRequest(id);
    await this.requireRequestReader(viewer, request);
    return request;
  }

  async readableJob(viewer: Viewer, id: string): Promise<ProductionJob> {
    const job = await this.getJob(id);
    await this.requireRequestReader(viewer, (await this.production.findRequest(job.requestId))!);
    return job;
  }

  async myRequests(viewer: Viewer, limit: number) {
    return this.production.requestsOf(viewer.accountId, limit);
  }

  // A facility's job board: open jobs offered to it (members only).
  async jobBoard(viewer: Viewer, facilityId: string, limit: number) {
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:read-job-board', facility);
    return {
      open: await this.production.openOffersFor(facility.id, limit),
      mine: await this.production.jobsOfFacility(facility.id, limit),
    };
  }

  private async checkEvidence(cids: readonly string[], required: boolean): Promise<string[]> {
    if (required && !cids.length)
      throw new InvalidInputError(
        'evidenceCids',
        'A job is READY only with QC evidence: upload photos or reports and give their CIDs.',
        'EVIDENCE_REQUIRED',
      );
    return this.content.requireStored(cids, 'evidenceCids', MAX_EVIDENCE);
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
    await this.production.appendHistory(tx, {
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

// A job as the access rules see it: who holds it and who asked for it.
function jobParty(request: ProductionRequest, facility: Facility | null) {
  return {
    facilityOrganizationId: facility?.organizationId ?? null,
    requesterAccountId: request.requesterAccountId,
    requesterOrganizationId: request.requesterOrganizationId,
  };
}
