import { Args, Context, Float, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { decide } from '../access/policies.js';
import { principalOf, subjectOf } from '../access/principal.js';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { CurrentViewer, RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { encodeCursor, type Connection } from '../common/graphql/connection.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { selects } from '../common/graphql/selection.js';
import { toOrganizationModel } from '../identity/identity.mappers.js';
import { OrganizationModel } from '../identity/models/identity.models.js';
import { RegisterFacilityInput, FacilityProfileInput } from './dto/facility.inputs.js';
import { FacilitiesService, visibleLocation } from './facilities.service.js';
import { toEquipmentModel, toFacilityModel, type FacilityView } from './facilities.mappers.js';
import { FacilityVerificationService } from './facility-verification.service.js';
import {
  EquipmentModel,
  FacilityAttestationModel,
  FacilityLocationModel,
  FacilityModel,
  NearbyFacilityConnection,
  NearbyFacilityModel,
  VerificationChangeModel,
} from './models/facility.models.js';

@Resolver(() => FacilityModel)
export class FacilitiesResolver {
  constructor(
    private readonly facilities: FacilitiesService,
    private readonly verification: FacilityVerificationService,
  ) {}

  @Authenticated()
  @Mutation(() => FacilityModel, {
    description:
      'As an admin of a VERIFIED facility, vouch for another organization’s facility. Enough attestations make it PEER_ATTESTED.',
  })
  async attestFacility(
    @RequiredViewer() viewer: Viewer,
    @Args('facilityId', { type: () => ID }) facilityId: string,
    @Args('attesterFacilityId', { type: () => ID }) attesterFacilityId: string,
    @Args('statement', { description: 'What you checked (10 to 2000 characters).' }) statement: string,
  ): Promise<FacilityModel> {
    return toFacilityModel(await this.verification.attest(viewer, facilityId, attesterFacilityId, statement));
  }

  @Authenticated()
  @Mutation(() => FacilityModel, { description: 'Register a facility of an organization you administer.' })
  async registerFacility(@RequiredViewer() viewer: Viewer, @Args('input') input: RegisterFacilityInput): Promise<FacilityModel> {
    return toFacilityModel(await this.facilities.register(viewer, input));
  }

  @Authenticated()
  @Mutation(() => FacilityModel, { description: 'Edit a facility’s profile (admins of its organization); the equipment list is replaced.' })
  async updateFacility(
    @RequiredViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: FacilityProfileInput,
  ): Promise<FacilityModel> {
    return toFacilityModel(await this.facilities.update(viewer, id, input));
  }

  @Public()
  @Query(() => [FacilityModel], { description: 'An organization’s facilities, oldest first.' })
  async organizationFacilities(@Args('organizationId', { type: () => ID }) organizationId: string): Promise<FacilityModel[]> {
    return (await this.facilities.ofOrganization(organizationId)).map(toFacilityModel);
  }

  @Public()
  @Query(() => FacilityModel, { nullable: true, description: 'A facility by id (NOT_FOUND when there is none).' })
  async facility(@Args('id', { type: () => ID }) id: string): Promise<FacilityModel> {
    return toFacilityModel(await this.facilities.get(id));
  }

  @Public()
  @Query(() => NearbyFacilityConnection, {
    description:
      'Active facilities within radiusKm (at most 2000), nearest first, a page at a time (first: 1 to 100, default 20; after: the endCursor of the page before). distanceKm is exact for members of the facility’s organization and for facilities that publish their location; otherwise it is measured from the public, rounded location, in whole kilometres.',
  })
  async facilitiesNear(
    @CurrentViewer() viewer: Viewer | null,
    @Args('lat', { type: () => Float }) lat: number,
    @Args('lon', { type: () => Float }) lon: number,
    @Args('radiusKm', { type: () => Float }) radiusKm: number,
    @Args('process', { type: () => String, nullable: true }) process?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<Connection<NearbyFacilityModel>> {
    const withTotal = !info || selects(info, 'totalCount');
    const page = await this.facilities.nearPage({ lat, lon, radiusKm, process, first, after }, viewer, { withTotal });
    const edges = page.items.map((r) => ({
      cursor: encodeCursor(r.facility.id),
      node: { facility: toFacilityModel(r.facility), distanceKm: r.distanceKm },
    }));
    return {
      edges,
      totalCount: page.totalCount ?? 0,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: !!after,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Public()
  @ResolveField(() => FacilityLocationModel, { nullable: true })
  async location(@Parent() f: FacilityView, @CurrentViewer() viewer: Viewer | null, @Context() ctx: GraphQLContext) {
    // Memberships through the request's loader: one query for every facility of the answer.
    const subject = subjectOf(principalOf(viewer), viewer ? await ctx.loaders.membershipsOfAccount.load(viewer.accountId) : []);
    return visibleLocation(f.source, !decide(subject, 'facility:see-exact-location', f));
  }

  @Public()
  @ResolveField(() => [EquipmentModel])
  async equipment(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<EquipmentModel[]> {
    return (await ctx.loaders.equipmentOfFacility.load(f.id)).map(toEquipmentModel);
  }

  @Public()
  @ResolveField(() => OrganizationModel)
  async organization(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<OrganizationModel> {
    return toOrganizationModel((await ctx.loaders.organization.load(f.organizationId))!);
  }

  @Public()
  @ResolveField(() => [FacilityAttestationModel])
  async attestations(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<FacilityAttestationModel[]> {
    return ctx.loaders.attestationsOfFacility.load(f.id);
  }

  @Public()
  @ResolveField(() => [VerificationChangeModel], { description: 'How the verification level changed, oldest first.' })
  async verificationHistory(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<VerificationChangeModel[]> {
    return ctx.loaders.verificationHistoryOfFacility.load(f.id);
  }
}

@Resolver(() => FacilityAttestationModel)
export class FacilityAttestationsResolver {
  @Public()
  @ResolveField(() => OrganizationModel)
  async attesterOrganization(@Parent() a: FacilityAttestationModel, @Context() ctx: GraphQLContext): Promise<OrganizationModel> {
    return toOrganizationModel((await ctx.loaders.organization.load(a.attesterOrganizationId))!);
  }

  @Public()
  @ResolveField(() => FacilityModel)
  async attesterFacility(@Parent() a: FacilityAttestationModel, @Context() ctx: GraphQLContext): Promise<FacilityModel> {
    return toFacilityModel((await ctx.loaders.facility.load(a.attesterFacilityId))!);
  }
}
