import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/access.decorator.js';
import { CurrentViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { AccountsService, type AuthResult } from './accounts.service.js';
import { RegisterInput } from './dto/identity.inputs.js';
import { toAccountModel, toMembershipModel } from './identity.mappers.js';
import { AccountModel, AuthPayloadModel, MembershipModel } from './models/identity.models.js';

@Resolver(() => AccountModel)
export class AccountsResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Create an account and sign in.' })
  async register(@Args('input') input: RegisterInput): Promise<AuthPayloadModel> {
    return toAuthPayload(await this.accounts.register(input));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Exchange email and password for a bearer token.' })
  async login(@Args('email') email: string, @Args('password') password: string): Promise<AuthPayloadModel> {
    return toAuthPayload(await this.accounts.login(email, password));
  }

  @Public()
  @Query(() => AccountModel, { nullable: true, description: 'The signed-in account, or null.' })
  async me(@CurrentViewer() viewer: Viewer | null): Promise<AccountModel | null> {
    const account = await this.accounts.me(viewer);
    return account && toAccountModel(account, viewer);
  }

  @Public()
  @ResolveField(() => [MembershipModel])
  async memberships(@Parent() account: AccountModel, @Context() ctx: GraphQLContext): Promise<MembershipModel[]> {
    return (await ctx.loaders.membershipsOfAccount.load(account.id)).map(toMembershipModel);
  }
}

function toAuthPayload(result: AuthResult): AuthPayloadModel {
  return Object.assign(new AuthPayloadModel(), {
    token: result.token,
    expiresAt: result.expiresAt,
    account: toAccountModel(result.account, { accountId: result.account.id }),
  });
}
