import { Args, Context, Float, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { toVersionModel } from '../designs/designs.mappers.js';
import { DesignVersionModel } from '../designs/models/design.models.js';
import { toFacilityModel } from '../facilities/facilities.mappers.js';
import { FacilityModel } from '../facilities/models/facility.models.js';
import { FacilityMatchModel } from '../matching/models/match.models.js';
import { RequestProductionInput } from './dto/production.inputs.js';
import { toJobModel, toOfferModel, toRequestModel, requestStatus } from './production.mappers.js';
import { ProductionService } from './production.service.js';
import { ProductionJobsService } from './production-jobs.service.js';
import { ProductionRequestsService } from './production-requests.service.js';
import { ProductionJobModel, ProductionRequestModel } from './models/production.models.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../common/graphql/idempotency-key.js';

import { listSize } from './dto/list-size.js';

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
