import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { principalOf, subjectOf } from '../access/principal.js';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { toFacilityModel } from '../facilities/facilities.mappers.js';
import { FacilityModel } from '../facilities/models/facility.models.js';
import { toJobModel, toOfferModel, toRequestModel, toTransitionModel } from './production.mappers.js';
import { ProductionService } from './production.service.js';
import { ProductionJobsService } from './production-jobs.service.js';
import {
  JobActionModel,
  JobOfferModel,
  JobStatusGql,
  JobTransitionModel,
  ProductionJobModel,
  ProductionRequestModel,
} from './models/production.models.js';
import { JobBoardModel } from './models/job-board.model.js';
import { listSize } from './dto/list-size.js';

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
