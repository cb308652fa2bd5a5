import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UnitOfWork } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import { FederationsService } from '../governance/federations.service.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { ACTIVE_STATUSES } from '../production/job-lifecycle.js';
import { workOf } from '../production/job-parties.js';
import { ProductionService } from '../production/production.service.js';
import { parseHours, parseOffer, type OfferInput } from './lending-input.js';
import { LendingRepository } from './lending.repository.js';
import { remainingHours, type CapacityOffer, type Subcontract } from './lending.types.js';

// Co-ops lend machine-hours to each other inside a federation. A member of a facility's co-op
// offers hours of one process over a window of time to the federation's member co-ops; a member
// of another member co-op books some of them for a job its facility holds. The booking is a
// subcontract (a Valueflows commitment): the hours are booked on the lender's calendar and taken
// off the borrower's own bookings for the job, and when the job is made the lender's co-op is
// credited for them by a signed work record (subcontract-settlement.handler.ts).
@Injectable()
export class LendingService {
  constructor(
    private readonly repository: LendingRepository,
    private readonly facilities: FacilitiesService,
    private readonly organizations: OrganizationsService,
    private readonly federations: FederationsService,
    private readonly production: ProductionService,
    private readonly designs: DesignsService,
    private readonly calendar: CalendarService,
    private readonly access: AccessService,
    private readonly outbox: OutboxRepository,
    private readonly agents: AgentDirectory,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async offer(viewer: Viewer, input: OfferInput): Promise<CapacityOffer> {
    const facility = await this.facilities.get(input.facilityId);
    await this.access.require(viewer, 'facility:manage-calendar', facility);
    const parsed = parseOffer(input);
    await this.requireFederationMember(input.federationId, facility.organizationId, 'federationId');
    const equipment = await this.facilities.equipmentOf([facility.id]);
    if (!equipment.some((e) => e.process === parsed.process))
      throw new InvalidInputError('process', `This facility lists no ${parsed.process} machine to lend.`, 'NO_MACHINE');
    if (!(await this.calendar.calendarOf(facility.id)))
      throw new InvalidInputError('facilityId', 'Set the facility’s opening hours before lending its machine-hours.', 'NO_CALENDAR');
    const id = randomUUID();
    await this.uow.run(async (tx) => {
      await this.repository.insertOffer(tx, {
        id,
        facilityId: facility.id,
        federationId: input.federationId,
        ...parsed,
        offeredBy: viewer.accountId,
      });
      await this.outbox.append(tx, {
        type: 'lending.capacity-offered',
        aggregateType: 'capacity_offer',
        aggregateId: id,
        payload: {
          offerId: id,
          facilityId: facility.id,
          organizationId: facility.organizationId,
          federationId: input.federationId,
          process: parsed.process,
          hours: parsed.hours.toFixed(2),
          actorId: viewer.accountId,
        },
      });
    });
    return (await this.repository.findOffer(id))!;
  }

  // Hours already committed stay committed; no new subcontract can take the rest.
  async withdraw(viewer: Viewer, offerId: string): Promise<CapacityOffer> {
    const offer = await this.getOffer(offerId);
    await this.access.require(viewer, 'facility:manage-calendar', await this.facilities.get(offer.facilityId));
    const withdrawn = await this.uow.run((tx) => this.repository.withdraw(tx, offer.id));
    if (!withdrawn) throw new ConflictError('This offer is already withdrawn.');
    return (await this.repository.findOffer(offer.id))!;
  }

  async getOffer(id: string): Promise<CapacityOffer> {
    const offer = await this.repository.findOffer(id);
    if (!offer) throw new NotFoundError('CapacityOffer', id);
    return offer;
  }

  // Open offers of a federation, for members of its member co-ops.
  async openOffers(viewer: Viewer, federationId: string, process?: string | null): Promise<CapacityOffer[]> {
    await this.requireFederationReader(viewer, federationId);
    return this.repository.openOffers(federationId, new Date(), process ?? undefined);
  }

  async offersOfFacility(facilityId: string): Promise<CapacityOffer[]> {
    await this.facilities.get(facilityId);
    return this.repository.offersOfFacility(facilityId);
  }

  // A member of the co-op holding a job books lent hours for it. The job must still be held by
  // the same claim when the subcontract commits (its row is locked), the offer's remaining hours
  // are checked under the offer's lock, and the lender's free time under its calendar's lock:
  // concurrent bookings never take more than an offer or a calendar has.
  async subcontract(viewer: Viewer, input: { jobId: string; offerId: string; hours: number }): Promise<Subcontract> {
    const hours = parseHours('hours', input.hours);
    const job = await this.production.getJob(input.jobId);
    if (!ACTIVE_STATUSES.includes(job.status) || !job.facilityId)
      throw new ConflictError('Only a claimed job, not yet made, can be subcontracted.', { status: job.status });
    const borrower = await this.facilities.get(job.facilityId);
    await this.access.require(viewer, 'facility:claim-job', borrower);
    const offer = await this.getOffer(input.offerId);
    if (offer.withdrawnAt) throw new ConflictError('This offer was withdrawn.', { reason: 'WITHDRAWN' });
    if (offer.organizationId === borrower.organizationId)
      throw new InvalidInputError('offerId', 'A co-op does not subcontract to itself: book its own calendar instead.', 'SAME_ORGANIZATION');
    await this.requireFederationMember(offer.federationId, borrower.organizationId, 'offerId');
    const request = await this.production.getRequest(job.requestId);
    const version = await this.designs.versionById(request.designVersionId);
    const requirement = workOf(job, version, this.config.production.hoursPerPart).requirements.find((r) => r.process === offer.process);
    if (!requirement)
      throw new InvalidInputError('offerId', `This job needs no ${offer.process}: the offer cannot help with it.`, 'PROCESS_NOT_NEEDED');
    const now = new Date();
    const due = new Date(Math.min(request.dueDate.getTime(), offer.availableUntil.getTime()));
    if (due.getTime() <= Math.max(now.getTime(), offer.availableFrom.getTime()))
      throw new ConflictError('The offer’s window closes before the job’s due date allows any work.', { reason: 'WINDOW_CLOSED' });
    const id = randomUUID();
    await this.uow.run(async (tx) => {
      if (!(await this.production.lockHeld(tx, job.id, job.claimSeq)))
        throw new ConflictError('The job changed while you were booking; reload and try again.');
      const subcontracted = (await this.repository.subcontractsOfJob(job.id, tx))
        .filter((s) => s.status === 'COMMITTED')
        .reduce((sum, s) => sum + s.hours, 0);
      if (subcontracted + hours > job.estimatedHours + 0.005)
        throw new InvalidInputError(
          'hours',
          `This job is estimated at ${job.estimatedHours} hours, ${Math.round(subcontracted * 100) / 100} of them already subcontracted.`,
          'TOO_MANY_HOURS',
        );
      const locked = (await this.repository.lockOffer(tx, offer.id))!;
      if (locked.withdrawnAt) throw new ConflictError('This offer was withdrawn.', { reason: 'WITHDRAWN' });
      if (remainingHours(locked) + 0.005 < hours)
        throw new ConflictError('The offer has too few hours left.', { remainingHours: remainingHours(locked) });
      await this.calendar.bookLent(
        tx,
        { facilityId: offer.facilityId, jobId: job.id, claimSeq: job.claimSeq, requirement, hours, from: offer.availableFrom, until: due },
        now,
      );
      await this.calendar.shrink(tx, borrower.id, job.id, hours);
      await this.repository.insertSubcontract(tx, {
        id,
        offerId: offer.id,
        jobId: job.id,
        claimSeq: job.claimSeq,
        borrowerFacilityId: borrower.id,
        hours,
        due,
        committedBy: viewer.accountId,
      });
      await this.outbox.append(tx, {
        type: 'lending.subcontract-committed',
        aggregateType: 'capacity_subcontract',
        aggregateId: id,
        payload: {
          subcontractId: id,
          offerId: offer.id,
          jobId: job.id,
          lenderOrganizationId: offer.organizationId,
          borrowerOrganizationId: borrower.organizationId,
          process: offer.process,
          hours: hours.toFixed(2),
          due: due.toISOString(),
          actorId: viewer.accountId,
        },
      });
    });
    return (await this.repository.findSubcontract(id))!;
  }

  // A job's subcontracts: for whoever may read the job.
  async subcontractsOfJob(viewer: Viewer | null, jobId: string): Promise<Subcontract[]> {
    if (!viewer) throw new ForbiddenError('Sign in to see a job’s subcontracts.');
    const job = await this.production.readableJob(viewer, jobId);
    return this.repository.subcontractsOfJob(job.id);
  }

  async subcontractsOfOffer(viewer: Viewer, offerId: string): Promise<Subcontract[]> {
    const offer = await this.getOffer(offerId);
    await this.access.require(viewer, 'facility:manage-calendar', await this.facilities.get(offer.facilityId));
    return this.repository.subcontractsOfOffer(offer.id);
  }

  // The two co-ops of a subcontract as DIDs (its Valueflows provider and receiver).
  async agentDids(
    s: Pick<Subcontract, 'lenderOrganizationId' | 'borrowerOrganizationId'>,
  ): Promise<{ provider: string; receiver: string }> {
    const [provider, receiver] = await Promise.all([
      this.agents.didOfOrganization(s.lenderOrganizationId),
      this.agents.didOfOrganization(s.borrowerOrganizationId),
    ]);
    return { provider, receiver };
  }

  private async requireFederationMember(federationId: string, organizationId: string, field: string): Promise<void> {
    const federation = await this.organizations.get(federationId);
    if (federation.kind !== 'FEDERATION') throw new InvalidInputError(field, 'Capacity is lent inside a federation.', 'NOT_A_FEDERATION');
    const members = await this.federations.members(federation.id);
    if (!members.some((m) => m.id === organizationId))
      throw new ForbiddenError('Only co-ops that belong to the federation lend and borrow capacity in it.');
  }

  private async requireFederationReader(viewer: Viewer, federationId: string): Promise<void> {
    const federation = await this.organizations.get(federationId);
    if (federation.kind !== 'FEDERATION') throw new InvalidInputError('federationId', 'Not a federation.', 'NOT_A_FEDERATION');
    const subject = await this.access.subject(viewer);
    const members = await this.federations.members(federation.id);
    if (!members.some((m) => subject.roles.has(m.id)) && !subject.roles.has(federation.id))
      throw new ForbiddenError('Only members of the federation’s co-ops see its capacity offers.');
  }
}
