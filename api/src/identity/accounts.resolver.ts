import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { clearSessionCookie, setSessionCookie } from '../common/auth/session-cookie.js';
import { CurrentViewer, RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { AccountsService, type AuthResult } from './accounts.service.js';
import { RegisterInput } from './dto/identity.inputs.js';
import { toAccountModel, toMembershipModel } from './identity.mappers.js';
import { AccountModel, AuthPayloadModel, MembershipModel } from './models/identity.models.js';

@Resolver(() => AccountModel)
export class AccountsResolver {
  constructor(private readonly accounts: AccountsService) {}

  // Both limited per client address (AUTH_RATE_LIMIT_PER_MINUTE): the address as the HTTP server sees it,
  // so TRUST_PROXY decides whether X-Forwarded-For counts.
  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'Create an account and sign in: the token is returned and also set as an HttpOnly session cookie.',
  })
  async register(@Args('input') input: RegisterInput, @Context() ctx: GraphQLContext): Promise<AuthPayloadModel> {
    return this.signedIn(ctx, await this.accounts.register(input, ctx.req.ip));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'Exchange email and password for a bearer token (also set as an HttpOnly session cookie).',
  })
  async login(@Args('email') email: string, @Args('password') password: string, @Context() ctx: GraphQLContext): Promise<AuthPayloadModel> {
    return this.signedIn(ctx, await this.accounts.login(email, password, ctx.req.ip));
  }

  @Authenticated()
  @Mutation(() => Int, {
    description: 'End this session (its token and cookie stop working), or every session of the account; returns how many ended.',
  })
  async signOut(
    @RequiredViewer() viewer: Viewer,
    @Args('everywhere', { defaultValue: false }) everywhere: boolean,
    @Context() ctx: GraphQLContext,
  ): Promise<number> {
    const ended = await this.accounts.signOut(viewer, everywhere);
    clearSessionCookie(ctx.req, ctx.res);
    return ended;
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

  private signedIn(ctx: GraphQLContext, result: AuthResult): AuthPayloadModel {
    setSessionCookie(ctx.req, ctx.res, result.token, result.expiresAt);
    return Object.assign(new AuthPayloadModel(), {
      token: result.token,
      expiresAt: result.expiresAt,
      account: toAccountModel(result.account, { accountId: result.account.id }),
    });
  }
}
