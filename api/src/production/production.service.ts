import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Tx } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import { JobOffersRepository } from './job-offers.repository.js';
import { ProductionJobsRepository } from './production-jobs.repository.js';
import { ProductionRequestsRepository } from './production-requests.repository.js';
import type { ProductionJob, ProductionRequest } from './production.types.js';

// Reading production: requests and jobs by id, who may read them, the requester's list and a
// facility's job board. Taking requests in is ProductionRequestsService; moving jobs, ProductionJobsService.
@Injectable()
export class ProductionService {
  constructor(
    private readonly requests: ProductionRequestsRepository,
    private readonly jobs: ProductionJobsRepository,
    private readonly offers: JobOffersRepository,
    private readonly designs: DesignsService,
    private readonly facilities: FacilitiesService,
    private readonly access: AccessService,
  ) {}

  // Everything a payment on a job needs to know about it (read outside any transaction).
  async paymentContext(jobId: string) {
    const job = await this.getJob(jobId);
    const request = (await this.requests.find(job.requestId))!;
    const facility = job.facilityId ? await this.facilities.get(job.facilityId) : null;
    const version = await this.designs.versionById(request.designVersionId);
    return { job, request, facility, version };
  }

  async getRequest(id: string): Promise<ProductionRequest> {
    const request = await this.requests.find(id);
    if (!request) throw new NotFoundError('ProductionRequest', id);
    return request;
  }

  // Inside another module's unit of work: holds the job's row so it cannot move on (released,
  // made, cancelled) until that unit commits; false if it is no longer held by that claim.
  async lockHeld(tx: Tx, jobId: string, claimSeq: number): Promise<boolean> {
    return this.jobs.lockHeld(tx, jobId, claimSeq);
  }

  async getJob(id: string): Promise<ProductionJob> {
    const job = await this.jobs.find(id);
    if (!job) throw new NotFoundError('ProductionJob', id);
    return job;
  }

  // The requester, or a member of the facility a job is offered to or held by.
  async requireRequestReader(viewer: Viewer, request: ProductionRequest): Promise<void> {
    if (await this.access.can(viewer, 'request:read', request)) return;
    const jobs = await this.jobs.jobsOfRequests([request.id]);
    const offers = await this.offers.offersOf(jobs.map((j) => j.id));
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
    await this.requireRequestReader(viewer, (await this.requests.find(job.requestId))!);
    return job;
  }

  // The viewer's first request for this design version, if any.
  async myRequestFor(viewer: Viewer, designVersionId: string) {
    return this.requests.findFor(viewer.accountId, designVersionId);
  }

  async myRequests(viewer: Viewer, limit: number) {
    return this.requests.requestsOf(viewer.accountId, limit);
  }

  // A facility's job board: open jobs offered to it (members only).
  async jobBoard(viewer: Viewer, facilityId: string, limit: number) {
    const facility = await this.facilities.get(facilityId);
    await this.access.require(viewer, 'facility:read-job-board', facility);
    return {
      open: await this.offers.openOffersFor(facility.id, limit),
      mine: await this.jobs.jobsOfFacility(facility.id, limit),
    };
  }
}
