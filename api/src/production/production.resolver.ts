import { Args, Context, Float, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { principalOf, subjectOf } from '../access/principal.js';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { toVersionModel } from '../designs/designs.mappers.js';
import { DesignVersionModel } from '../designs/models/design.models.js';
import { toFacilityModel } from '../facilities/facilities.mappers.js';
import { FacilityModel } from '../facilities/models/facility.models.js';
import { FacilityMatchModel } from '../matching/models/match.models.js';
import { RequestProductionInput } from './dto/production.inputs.js';
import { toJobModel, toOfferModel, toRequestModel, toTransitionModel, requestStatus } from './production.mappers.js';
import { ProductionService } from './production.service.js';
import { ProductionJobsService } from './production-jobs.service.js';
import { ProductionRequestsService } from './production-requests.service.js';
import {
  JobActionModel,
  JobOfferModel,
  JobStatusGql,
  JobTransitionModel,
  ProductionJobModel,
  ProductionRequestModel,
} from './models/production.models.js';
import { JobBoardModel } from './models/job-board.model.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../common/graphql/idempotency-key.js';

const MAX_LIST = 100;
const listSize = (first: number | undefined) => {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST)
    throw new InvalidInputError('first', `first must be between 1 and ${MAX_LIST}.`, 'OUT_OF_RANGE');
  return n;
};

@Resolver(() => ProductionRequestModel)
export class ProductionRequestsResolver {
  constructor(
    private readonly production: ProductionService,
    private readonly requests: ProductionRequestsService,
    private readonly lifecycle: ProductionJobsService,
  ) {}

  @Authenticated()
  @Mutation(() => ProductionRequestModel, {
    description: 'Ask for a design version to be made near a place by a date; the request is offered to the matched facilities.',
  })
  async requestProduction(
    @RequiredViewer() viewer: Viewer,
    @Args('input') input: RequestProductionInput,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey?: string | null,
  ): Promise<ProductionRequestModel> {
    return toRequestModel(await this.requests.request(viewer, input, idempotencyKey));
  }

  @Authenticated()
  @Mutation(() => ProductionJobModel, {
    description: 'Claim an open job for a facility of your organization. Exactly one facility wins; others get CONFLICT.',
  })
  async claimProductionRequest(
    @RequiredViewer() viewer: Viewer,
    @Args('requestId', { type: () => ID }) requestId: string,
    @Args('facilityId', { type: () => ID }) facilityId: string,
    @Args('line', { type: () => String, nullable: true, description: 'For split requests: the line to claim (part:<id> or assembly).' })
    line?: string,
  ): Promise<ProductionJobModel> {
    return toJobModel(await this.lifecycle.claim(viewer, requestId, facilityId, line));
  }

  @Authenticated()
  @Mutation(() => ProductionRequestModel, { description: 'Withdraw a request whose jobs are not yet made.' })
  async cancelProductionRequest(
    @RequiredViewer() viewer: Viewer,
    @Args('requestId', { type: () => ID }) requestId: string,
  ): Promise<ProductionRequestModel> {
    return toRequestModel(await this.lifecycle.cancelRequest(viewer, requestId));
  }

  @Authenticated()
  @Query(() => ProductionRequestModel, { description: 'For its requester and the facilities it was offered to.' })
  async productionRequest(@RequiredViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ProductionRequestModel> {
    return toRequestModel(await this.production.readableRequest(viewer, id));
  }

  @Authenticated()
  @Query(() => [ProductionRequestModel], { description: 'Your requests, newest first.' })
  async myProductionRequests(
    @RequiredViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<ProductionRequestModel[]> {
    return (await this.production.myRequests(viewer, listSize(first))).map(toRequestModel);
  }

  @Authenticated()
  @ResolveField(() => String, { description: 'OPEN, IN_PROGRESS, ACCEPTED, SETTLED, DISPUTED or CANCELLED (from its jobs).' })
  async status(@Parent() r: ProductionRequestModel, @Context() ctx: GraphQLContext): Promise<string> {
    const request = (await ctx.loaders.productionRequest.load(r.id))!;
    return requestStatus(request, await ctx.loaders.jobsOfRequest.load(r.id));
  }

  @Authenticated()
  @ResolveField(() => DesignVersionModel)
  async designVersion(@Parent() r: ProductionRequestModel, @Context() ctx: GraphQLContext): Promise<DesignVersionModel> {
    return toVersionModel((await ctx.loaders.version.load(r.designVersionId))!);
  }

  @Authenticated()
  @ResolveField(() => [ProductionJobModel])
  async jobs(@Parent() r: ProductionRequestModel, @Context() ctx: GraphQLContext): Promise<ProductionJobModel[]> {
    return (await ctx.loaders.jobsOfRequest.load(r.id)).map(toJobModel);
  }

  @Authenticated()
  @ResolveField(() => [FacilityMatchModel], {
    description:
      'The facilities the request (or, when split, its assembly) was offered to, best first, with the reasons given at request time.',
  })
  async matches(@Parent() r: ProductionRequestModel, @Context() ctx: GraphQLContext): Promise<FacilityMatchModel[]> {
    const jobs = await ctx.loaders.jobsOfRequest.load(r.id);
    const lead = jobs.find((j) => j.role === 'WHOLE') ?? jobs.find((j) => j.role === 'ASSEMBLY');
    if (!lead) return [];
    const offers = await ctx.loaders.offersOfJob.load(lead.id);
    const facilities = await Promise.all(offers.map((o) => ctx.loaders.facility.load(o.facilityId)));
    return offers.map((o, i) => ({
      ...toOfferModel(o),
      facility: toFacilityModel(facilities[i]!),
      load: Math.round(o.load * 100) / 100,
      eligible: true,
    }));
  }
}

@Resolver(() => ProductionJobModel)
export class ProductionJobsResolver {
  constructor(
    private readonly production: ProductionService,
    private readonly jobs: ProductionJobsService,
  ) {}

  @Authenticated()
  @Mutation(() => ProductionJobModel, { description: 'Move a job along its lifecycle; READY needs QC evidence CIDs (upload them first).' })
  async advanceJob(
    @RequiredViewer() viewer: Viewer,
    @Args('jobId', { type: () => ID }) jobId: string,
    @Args('to', { type: () => JobStatusGql }) to: JobStatusGql,
    @Args('evidenceCids', { type: () => [String], nullable: true }) evidenceCids?: string[],
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<ProductionJobModel> {
    return toJobModel(await this.jobs.advance(viewer, jobId, to, evidenceCids ?? [], note));
  }

  @Authenticated()
  @Mutation(() => ProductionJobModel, { description: 'The requester accepts a delivered job.' })
  async acceptDelivery(@RequiredViewer() viewer: Viewer, @Args('jobId', { type: () => ID }) jobId: string): Promise<ProductionJobModel> {
    return toJobModel(await this.jobs.acceptDelivery(viewer, jobId));
  }

  @Authenticated()
  @Mutation(() => ProductionJobModel, { description: 'The requester disputes a delivered job, saying why.' })
  async disputeDelivery(
    @RequiredViewer() viewer: Viewer,
    @Args('jobId', { type: () => ID }) jobId: string,
    @Args('reason') reason: string,
  ): Promise<ProductionJobModel> {
    return toJobModel(await this.jobs.disputeDelivery(viewer, jobId, reason));
  }

  @Authenticated()
  @Query(() => ProductionJobModel, { description: 'For its requester and the facilities it was offered to.' })
  async productionJob(@RequiredViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ProductionJobModel> {
    return toJobModel(await this.production.readableJob(viewer, id));
  }

  @Authenticated()
  @Query(() => JobBoardModel, { description: 'A facility’s job board: open jobs offered to it and the jobs it holds (members only).' })
  async jobBoard(
    @RequiredViewer() viewer: Viewer,
    @Args('facilityId', { type: () => ID }) facilityId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<JobBoardModel> {
    const board = await this.production.jobBoard(viewer, facilityId, listSize(first));
    return { open: board.open.map((o) => ({ job: toJobModel(o.job), offer: toOfferModel(o.offer) })), held: board.mine.map(toJobModel) };
  }

  @Authenticated()
  @ResolveField(() => ProductionRequestModel)
  async request(@Parent() j: ProductionJobModel, @Context() ctx: GraphQLContext): Promise<ProductionRequestModel> {
    return toRequestModel((await ctx.loaders.productionRequest.load(j.requestId))!);
  }

  @Authenticated()
  @ResolveField(() => FacilityModel, { nullable: true, description: 'The facility holding the job (null while OPEN).' })
  async facility(@Parent() j: ProductionJobModel, @Context() ctx: GraphQLContext): Promise<FacilityModel | null> {
    const f = j.facilityId ? await ctx.loaders.facility.load(j.facilityId) : null;
    return f ? toFacilityModel(f) : null;
  }

  @Authenticated()
  @ResolveField(() => FacilityModel, { nullable: true, description: 'The facility the matching (or split plan) put first.' })
  async proposedFacility(@Parent() j: ProductionJobModel, @Context() ctx: GraphQLContext): Promise<FacilityModel | null> {
    const f = j.proposedFacilityId ? await ctx.loaders.facility.load(j.proposedFacilityId) : null;
    return f ? toFacilityModel(f) : null;
  }

  @Authenticated()
  @ResolveField(() => [JobOfferModel])
  async offers(@Parent() j: ProductionJobModel, @Context() ctx: GraphQLContext): Promise<JobOfferModel[]> {
    return (await ctx.loaders.offersOfJob.load(j.id)).map(toOfferModel);
  }

  @Authenticated()
  @ResolveField(() => [JobActionModel], {
    description: 'What you may do with this job now, from the job lifecycle and your part in it (none for onlookers).',
  })
  async nextActions(
    @Parent() j: ProductionJobModel,
    @RequiredViewer() viewer: Viewer,
    @Context() ctx: GraphQLContext,
  ): Promise<JobActionModel[]> {
    const [request, facility, memberships] = await Promise.all([
      ctx.loaders.productionRequest.load(j.requestId),
      j.facilityId ? ctx.loaders.facility.load(j.facilityId) : null,
      ctx.loaders.membershipsOfAccount.load(viewer.accountId),
    ]);
    return this.jobs.nextActions(subjectOf(principalOf(viewer), memberships), j, request!, facility);
  }

  @Authenticated()
  @ResolveField(() => [JobTransitionModel])
  async history(@Parent() j: ProductionJobModel, @Context() ctx: GraphQLContext): Promise<JobTransitionModel[]> {
    return (await ctx.loaders.historyOfJob.load(j.id)).map(toTransitionModel);
  }
}

@Resolver(() => JobOfferModel)
export class JobOffersResolver {
  @Authenticated()
  @ResolveField(() => FacilityModel)
  async facility(@Parent() o: JobOfferModel, @Context() ctx: GraphQLContext): Promise<FacilityModel> {
    return toFacilityModel((await ctx.loaders.facility.load(o.facilityId))!);
  }
}

// A facility's current load, from the jobs it holds.
@Resolver(() => FacilityModel)
export class FacilityLoadResolver {
  @Public()
  @ResolveField(() => Float, { description: 'Estimated hours of the jobs it has claimed and not yet made.' })
  async committedHours(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<number> {
    return ctx.loaders.committedHoursOfFacility.load(f.id);
  }

  @Public()
  @ResolveField(() => Float, { description: 'committedHours over capacityHoursPerWeek (1 = a full week of work).' })
  async load(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<number> {
    return Math.round(((await ctx.loaders.committedHoursOfFacility.load(f.id)) / f.capacityHoursPerWeek) * 100) / 100;
  }
}
