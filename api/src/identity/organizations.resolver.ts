import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { CurrentViewer, RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { connectionFromList, type Connection } from '../common/graphql/connection.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { ChangeMemberRoleInput, CreateOrganizationInput } from './dto/identity.inputs.js';
import { toMembershipModel, toOrganizationModel } from './identity.mappers.js';
import { MembershipConnection, MembershipModel, MembershipRoleGql, OrganizationModel } from './models/identity.models.js';
import { OrganizationsService } from './organizations.service.js';

@Resolver(() => OrganizationModel)
export class OrganizationsResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  @Public()
  @Query(() => OrganizationModel, { description: 'An organization’s public profile.' })
  async organization(@Args('id', { type: () => ID }) id: string): Promise<OrganizationModel> {
    return toOrganizationModel(await this.organizations.get(id));
  }

  @Authenticated()
  @Mutation(() => OrganizationModel, { description: 'Create an organization; you become its first admin.' })
  async createOrganization(@RequiredViewer() viewer: Viewer, @Args('input') input: CreateOrganizationInput): Promise<OrganizationModel> {
    return toOrganizationModel(await this.organizations.create(viewer, input));
  }

  @Authenticated()
  @Mutation(() => MembershipModel, { description: 'Add an existing account to an organization (admins only).' })
  async addMember(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('email') email: string,
    @Args('role', { type: () => MembershipRoleGql }) role: MembershipRoleGql,
  ): Promise<MembershipModel> {
    return toMembershipModel(await this.organizations.addMember(viewer, organizationId, email, role));
  }

  @Authenticated()
  @Mutation(() => MembershipModel, { description: 'Change a member’s role (admins only).' })
  async changeMemberRole(@RequiredViewer() viewer: Viewer, @Args('input') input: ChangeMemberRoleInput): Promise<MembershipModel> {
    return toMembershipModel(await this.organizations.changeMemberRole(viewer, input.organizationId, input.accountId, input.role));
  }

  @Authenticated()
  @Mutation(() => MembershipModel, { description: 'Remove a member (admins), or leave (yourself). Returns the removed membership.' })
  async removeMember(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('accountId', { type: () => ID }) accountId: string,
  ): Promise<MembershipModel> {
    return toMembershipModel(await this.organizations.removeMember(viewer, organizationId, accountId));
  }

  @Public()
  @ResolveField(() => MembershipConnection)
  async members(
    @Parent() org: OrganizationModel,
    @Context() ctx: GraphQLContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<MembershipModel>> {
    const all = (await ctx.loaders.membershipsOfOrganization.load(org.id)).map(toMembershipModel);
    return connectionFromList(all, (m) => m.id, { first, after });
  }

  @Public()
  @ResolveField(() => MembershipRoleGql, { nullable: true, description: 'Your role here, if you are a member.' })
  async viewerRole(
    @Parent() org: OrganizationModel,
    @CurrentViewer() viewer: Viewer | null,
    @Context() ctx: GraphQLContext,
  ): Promise<MembershipRoleGql | null> {
    if (!viewer) return null;
    const mine = (await ctx.loaders.membershipsOfAccount.load(viewer.accountId)).find((m) => m.organizationId === org.id);
    return mine?.role ?? null;
  }
}
