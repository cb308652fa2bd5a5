import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/access.decorator.js';
import { CurrentViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { toAccountModel, toOrganizationModel } from './identity.mappers.js';
import { AccountModel, MembershipModel, OrganizationModel } from './models/identity.models.js';

@Resolver(() => MembershipModel)
export class MembershipsResolver {
  @Public()
  @ResolveField(() => AccountModel)
  async account(
    @Parent() m: MembershipModel,
    @Context() ctx: GraphQLContext,
    @CurrentViewer() viewer: Viewer | null,
  ): Promise<AccountModel> {
    const account = await ctx.loaders.account.load(m.accountId);
    return toAccountModel(account!, viewer);
  }

  @Public()
  @ResolveField(() => OrganizationModel)
  async organization(@Parent() m: MembershipModel, @Context() ctx: GraphQLContext): Promise<OrganizationModel> {
    return toOrganizationModel((await ctx.loaders.organization.load(m.organizationId))!);
  }
}
