import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import type { Agent } from '../identity/agent-directory.js';
import { toOrganizationModel } from '../identity/identity.mappers.js';
import { OrganizationModel } from '../identity/models/identity.models.js';
import { FederationsService } from './federations.service.js';
import { ProposalKindRegistry } from './kinds/proposal-kind.registry.js';
import { ProposalClosingService } from './proposal-closing.service.js';
import { ProposalsService } from './proposals.service.js';
import { liveTally } from './tally.js';
import { TreasuryService } from './treasury.service.js';
import {
  tallyLines,
  toProposalModel,
  toSpendModel,
  toTreasuryRulesModel,
  toVoteModel,
  type ProposalModelWithSource,
} from './governance.mappers.js';
import { CreateProposalInput, TreasuryRulesInput } from './dto/governance.inputs.js';
import {
  ProposalConnection,
  ProposalModel,
  ProposalStatusGql,
  SpendApprovalModel,
  TallyLineModel,
  TreasuryModel,
  TreasuryRulesModel,
  VoteModel,
} from './models/governance.models.js';
import type { Proposal } from './governance.types.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../common/graphql/idempotency-key.js';

// A voter is an account, or a member organization in a federation.
async function agentOfVoter(ctx: GraphQLContext, id: string): Promise<Agent> {
  const account = await ctx.loaders.account.load(id);
  if (account) return { did: account.did, kind: 'ACCOUNT', id: account.id, name: account.name };
  const org = await ctx.loaders.organization.load(id);
  return { did: org?.did ?? '', kind: 'ORGANIZATION', id, name: org?.name ?? null };
}

// What the proposal's kind shows, with a spend's recipient agent loaded.
async function model(
  kinds: ProposalKindRegistry,
  ctx: GraphQLContext,
  p: Proposal,
  voteAs: string | null = null,
): Promise<ProposalModelWithSource> {
  const description = kinds.describe(p);
  const to = description.spend?.recipient;
  const recipient = to?.kind === 'AGENT' ? await ctx.loaders.agentByDid.load(to.did) : null;
  return toProposalModel(p, description, recipient, voteAs);
}

@Resolver(() => ProposalModel)
export class GovernanceResolver {
  constructor(
    private readonly proposalsService: ProposalsService,
    private readonly closing: ProposalClosingService,
    private readonly treasuryService: TreasuryService,
    private readonly federations: FederationsService,
    private readonly kinds: ProposalKindRegistry,
  ) {}

  @Authenticated()
  @Mutation(() => ProposalModel, { description: 'Put a proposal to the organization’s members (or a federation’s member organizations).' })
  async createProposal(
    @RequiredViewer() viewer: Viewer,
    @Args('input') input: CreateProposalInput,
    @Context() ctx: GraphQLContext,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey?: string | null,
  ): Promise<ProposalModel> {
    return model(this.kinds, ctx, await this.proposalsService.create(viewer, input, new Date(), idempotencyKey));
  }

  @Authenticated()
  @Mutation(() => VoteModel, {
    description: 'Vote (or change your vote) until the proposal closes. In a federation, name the member organization you vote for.',
  })
  async castVote(
    @RequiredViewer() viewer: Viewer,
    @Args('proposalId', { type: () => ID }) proposalId: string,
    @Args('option') option: string,
    @Context() ctx: GraphQLContext,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
    @Args('onBehalfOf', { type: () => ID, nullable: true }) onBehalfOf?: string | null,
  ): Promise<VoteModel> {
    const vote = await this.proposalsService.vote(viewer, proposalId, option, reason, onBehalfOf);
    return toVoteModel(vote, await agentOfVoter(ctx, vote.voterId));
  }

  @Authenticated()
  @Mutation(() => ProposalModel, { description: 'A treasurer’s approval of a spend awaiting approvals; the m-th carries it out.' })
  async approveSpend(
    @RequiredViewer() viewer: Viewer,
    @Args('proposalId', { type: () => ID }) proposalId: string,
    @Context() ctx: GraphQLContext,
  ): Promise<ProposalModel> {
    return model(this.kinds, ctx, await this.closing.approveSpend(viewer, proposalId));
  }

  @Public()
  @Query(() => ProposalModel, { description: 'A proposal, its live tally and its votes (public: votes are signed records).' })
  async proposal(@Args('id', { type: () => ID }) id: string, @Context() ctx: GraphQLContext): Promise<ProposalModel> {
    return model(this.kinds, ctx, await this.proposalsService.get(id));
  }

  @Public()
  @Query(() => ProposalConnection, { description: 'An organization’s proposals, newest first.' })
  async proposals(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Context() ctx: GraphQLContext,
    @Args('status', { type: () => ProposalStatusGql, nullable: true }) status?: ProposalStatusGql | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ProposalConnection> {
    const page = await this.proposalsService.page(organizationId, status, first, after);
    return {
      ...page,
      edges: await Promise.all(page.edges.map(async (e) => ({ cursor: e.cursor, node: await model(this.kinds, ctx, e.node) }))),
    };
  }

  @Authenticated()
  @Query(() => [ProposalModel], { description: 'Open proposals you (or a member organization you are an admin of) have yet to vote on.' })
  async proposalsNeedingMyVote(@RequiredViewer() viewer: Viewer, @Context() ctx: GraphQLContext): Promise<ProposalModel[]> {
    return Promise.all((await this.proposalsService.needingMyVote(viewer)).map((p) => model(this.kinds, ctx, p, p.voterId)));
  }

  @Public()
  @Query(() => TreasuryModel, { description: 'An organization’s funds: balances, inflows by source, outflows by proposal (public).' })
  async treasury(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Context() ctx: GraphQLContext,
  ): Promise<TreasuryModel> {
    const t = await this.treasuryService.view(organizationId);
    return {
      organizationId,
      funds: t.funds.map((f) => ({
        accountId: f.accountId,
        fund: f.fund,
        balance: { amountMinor: f.balanceMinor.toString(), currency: f.currency },
      })),
      inflows: t.inflows.map((i) => ({
        fund: i.fund,
        source: i.source,
        amount: { amountMinor: i.amountMinor.toString(), currency: i.currency },
        transactions: i.transactions,
      })),
      outflows: await Promise.all(
        t.outflows.map(async (o) => ({
          proposalId: o.proposal.id,
          title: o.proposal.title,
          fund: o.fund,
          amount: { amountMinor: o.amountMinor.toString(), currency: o.currency },
          spend: toSpendModel(o.proposal, o.recipient.kind === 'AGENT' ? await ctx.loaders.agentByDid.load(o.recipient.did) : null),
          ledgerTransactionId: o.ledgerTransactionId,
          recordId: o.recordId,
          executedAt: o.executedAt,
        })),
      ),
      rules: toTreasuryRulesModel(t.rules),
      treasurers: t.treasurers,
    };
  }

  @Authenticated()
  @Mutation(() => TreasuryRulesModel, {
    description:
      'How spends are approved: m treasurers, above which amount after the vote, and whether smaller spends may skip the vote (admins).',
  })
  async setTreasuryRules(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('rules') rules: TreasuryRulesInput,
  ): Promise<TreasuryRulesModel> {
    return toTreasuryRulesModel(await this.treasuryService.setRules(viewer, organizationId, rules));
  }

  @Authenticated()
  @Mutation(() => [OrganizationModel], {
    description: 'An organization joins a federation (you must be an admin of both); returns the members.',
  })
  async joinFederation(
    @RequiredViewer() viewer: Viewer,
    @Args('federationId', { type: () => ID }) federationId: string,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<OrganizationModel[]> {
    return (await this.federations.join(viewer, federationId, organizationId)).map(toOrganizationModel);
  }

  @Authenticated()
  @Mutation(() => [OrganizationModel], { description: 'A member organization leaves a federation (its admins); returns the members.' })
  async leaveFederation(
    @RequiredViewer() viewer: Viewer,
    @Args('federationId', { type: () => ID }) federationId: string,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<OrganizationModel[]> {
    return (await this.federations.leave(viewer, federationId, organizationId)).map(toOrganizationModel);
  }

  @Public()
  @Query(() => [OrganizationModel], { description: 'A federation’s member organizations.' })
  async federationMembers(@Args('federationId', { type: () => ID }) federationId: string): Promise<OrganizationModel[]> {
    return (await this.federations.members(federationId)).map(toOrganizationModel);
  }

  @Public()
  @ResolveField(() => [TallyLineModel])
  async tally(@Parent() p: ProposalModelWithSource, @Context() ctx: GraphQLContext): Promise<TallyLineModel[]> {
    return tallyLines(liveTally(p.source, await ctx.loaders.votesOfProposal.load(p.id)));
  }

  @Public()
  @ResolveField(() => Int)
  async votesCast(@Parent() p: ProposalModelWithSource, @Context() ctx: GraphQLContext): Promise<number> {
    return liveTally(p.source, await ctx.loaders.votesOfProposal.load(p.id)).cast;
  }

  @Public()
  @ResolveField(() => Int)
  async quorumNeeded(@Parent() p: ProposalModelWithSource, @Context() ctx: GraphQLContext): Promise<number> {
    return liveTally(p.source, await ctx.loaders.votesOfProposal.load(p.id)).quorumNeeded;
  }

  @Public()
  @ResolveField(() => [VoteModel], { description: 'Every vote as it stands (votes are public signed records).' })
  async votes(@Parent() p: ProposalModelWithSource, @Context() ctx: GraphQLContext): Promise<VoteModel[]> {
    const votes = await ctx.loaders.votesOfProposal.load(p.id);
    return Promise.all(votes.map(async (v) => toVoteModel(v, await agentOfVoter(ctx, v.voterId))));
  }

  @Public()
  @ResolveField(() => [SpendApprovalModel], { description: 'Treasurers’ approvals of a spend.' })
  async approvals(@Parent() p: ProposalModelWithSource, @Context() ctx: GraphQLContext): Promise<SpendApprovalModel[]> {
    const rows = await ctx.loaders.approvalsOfProposal.load(p.id);
    return Promise.all(
      rows.map(async (a) => ({ treasurer: await agentOfVoter(ctx, a.accountId), recordId: a.recordId, approvedAt: a.approvedAt })),
    );
  }
}
