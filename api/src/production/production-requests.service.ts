import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { parseMoney, type MoneyInput } from '../common/money.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { requireText } from '../identity/text.js';
import type { MatchInput } from '../matching/matching.types.js';
import { MatchingService } from '../matching/matching.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { planSplitLines, planWhole, type ProductionPlan } from './offer-planning.js';
import { JobOffersRepository } from './job-offers.repository.js';
import { ProductionJobsRepository } from './production-jobs.repository.js';
import { ProductionRequestsRepository } from './production-requests.repository.js';
import { ProductionService } from './production.service.js';
import type { ProductionRequest } from './production.types.js';

export interface RequestProductionInput extends Omit<MatchInput, 'first' | 'explain' | 'requirements'> {
  designVersionCid: string;
  dueDate: Date;
  budget?: MoneyInput | null;
  organizationId?: string | null;
  allowSplit?: boolean | null;
  note?: string | null;
  location: { lat: number; lon: number; address?: string | null };
}

// Taking a production request in: the licence gate, matching (or a split plan), offer planning,
// and the request with its jobs, offers and event written at once.
@Injectable()
export class ProductionRequestsService {
  constructor(
    private readonly requests: ProductionRequestsRepository,
    private readonly jobs: ProductionJobsRepository,
    private readonly offers: JobOffersRepository,
    private readonly reads: ProductionService,
    private readonly matching: MatchingService,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxRepository,
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
    if (earlier) return this.reads.getRequest(earlier);
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
        await this.requests.insert(tx, request);
        await this.jobs.insert(tx, jobs);
        await this.offers.insert(tx, offers, request.createdAt);
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
      (id) => this.reads.getRequest(id),
    );
  }
}
