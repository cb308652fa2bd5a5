import { Args, Context, Float, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { CurrentViewer, RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { toOrganizationModel } from '../identity/identity.mappers.js';
import { OrganizationModel } from '../identity/models/identity.models.js';
import { RegisterFacilityInput } from './dto/facility.inputs.js';
import { FacilitiesService, visibleLocation } from './facilities.service.js';
import { toFacilityModel, type FacilityView } from './facilities.mappers.js';
import { EquipmentModel, FacilityLocationModel, FacilityModel, NearbyFacilityModel } from './models/facility.models.js';

@Resolver(() => FacilityModel)
export class FacilitiesResolver {
  constructor(private readonly facilities: FacilitiesService) {}

  @Authenticated()
  @Mutation(() => FacilityModel, { description: 'Register a facility of an organization you administer.' })
  async registerFacility(@RequiredViewer() viewer: Viewer, @Args('input') input: RegisterFacilityInput): Promise<FacilityModel> {
    return toFacilityModel(await this.facilities.register(viewer, input));
  }

  @Public()
  @Query(() => FacilityModel, { nullable: true, description: 'A facility by id (NOT_FOUND when there is none).' })
  async facility(@Args('id', { type: () => ID }) id: string): Promise<FacilityModel> {
    return toFacilityModel(await this.facilities.get(id));
  }

  @Public()
  @Query(() => [NearbyFacilityModel], { description: 'Active facilities within radiusKm (at most 2000), nearest first.' })
  async facilitiesNear(
    @Args('lat', { type: () => Float }) lat: number,
    @Args('lon', { type: () => Float }) lon: number,
    @Args('radiusKm', { type: () => Float }) radiusKm: number,
    @Args('process', { type: () => String, nullable: true }) process?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<NearbyFacilityModel[]> {
    return (await this.facilities.near({ lat, lon, radiusKm, process, first })).map((r) => ({
      facility: toFacilityModel(r.facility),
      distanceKm: Math.round(r.distanceKm * 100) / 100,
    }));
  }

  @Public()
  @ResolveField(() => FacilityLocationModel, { nullable: true })
  async location(@Parent() f: FacilityView, @CurrentViewer() viewer: Viewer | null, @Context() ctx: GraphQLContext) {
    const member = viewer ? (await ctx.loaders.membershipsOfAccount.load(viewer.accountId)).some((m) => m.organizationId === f.organizationId) : false;
    return visibleLocation(f.source, member);
  }

  @Public()
  @ResolveField(() => [EquipmentModel])
  async equipment(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<EquipmentModel[]> {
    return (await ctx.loaders.equipmentOfFacility.load(f.id)) as EquipmentModel[];
  }

  @Public()
  @ResolveField(() => OrganizationModel)
  async organization(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<OrganizationModel> {
    return toOrganizationModel((await ctx.loaders.organization.load(f.organizationId))!);
  }
}
