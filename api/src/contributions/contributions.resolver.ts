import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { toContributionModel } from './contributions.mappers.js';
import { ContributionsService } from './contributions.service.js';
import { ContributionFilterInput, RecordContributionInput } from './dto/contribution.inputs.js';
import {
  AgentModel,
  ContributionConnection,
  ContributionRecordModel,
  ContributionSummaryModel,
  ContributionValidationModel,
  ValidationStateGql,
} from './models/contribution.models.js';

@Resolver(() => ContributionRecordModel)
export class ContributionsResolver {
  constructor(private readonly service: ContributionsService) {}

  @Authenticated()
  @Mutation(() => ContributionRecordModel, {
    description:
      'Record a contribution the platform cannot see (documentation, review, mentoring…); it counts once enough members of the organization approve it.',
  })
  async recordContribution(
    @RequiredViewer() viewer: Viewer,
    @Args('input') input: RecordContributionInput,
  ): Promise<ContributionRecordModel> {
    return toContributionModel(await this.service.record(viewer, input));
  }

  @Authenticated()
  @Mutation(() => ContributionRecordModel, {
    description: 'Approve or reject a fellow member’s contribution (you may change your answer while it is pending).',
  })
  async validateContribution(
    @RequiredViewer() viewer: Viewer,
    @Args('id') id: string,
    @Args('approve') approve: boolean,
  ): Promise<ContributionRecordModel> {
    return toContributionModel(await this.service.validate(viewer, id, approve));
  }

  @Public()
  @Query(() => ContributionRecordModel, { nullable: true, description: 'A contribution record by its CID, with its anchor proof.' })
  async contribution(@Args('id') id: string): Promise<ContributionRecordModel | null> {
    const record = await this.service.find(id);
    return record ? toContributionModel(record) : null;
  }

  @Public()
  @Query(() => ContributionConnection, { description: 'Contribution records, newest first.' })
  async contributions(
    @Args('filter', { type: () => ContributionFilterInput, nullable: true }) filter?: ContributionFilterInput | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ContributionConnection> {
    const page = await this.service.page(filter ?? {}, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toContributionModel(e.node) })) };
  }

  @Public()
  @Query(() => ContributionSummaryModel, { description: 'What an agent contributed: records by action (with hours) and by anchor status.' })
  async contributionSummary(@Args('agent') agent: string): Promise<ContributionSummaryModel> {
    return this.service.summary(agent);
  }

  @Public()
  @Query(() => String, {
    description: 'A Hypercerts activity claim with its contributions (org.hypercerts.claim.*), as JSON, for a design or a job.',
  })
  async hypercert(
    @Args('designId', { type: () => ID, nullable: true }) designId?: string | null,
    @Args('jobId', { type: () => ID, nullable: true }) jobId?: string | null,
  ): Promise<string> {
    return JSON.stringify(await this.service.hypercert({ designId, jobId }));
  }

  @Public()
  @ResolveField(() => AgentModel)
  async agent(@Parent() r: ContributionRecordModel, @Context() ctx: GraphQLContext): Promise<AgentModel> {
    return ctx.loaders.agentByDid.load(r.agentDid);
  }

  @Public()
  @ResolveField(() => AgentModel, { nullable: true })
  async receiver(@Parent() r: ContributionRecordModel, @Context() ctx: GraphQLContext): Promise<AgentModel | null> {
    return r.receiverDid ? ctx.loaders.agentByDid.load(r.receiverDid) : null;
  }

  @Public()
  @ResolveField(() => ContributionValidationModel)
  async validation(@Parent() r: ContributionRecordModel, @Context() ctx: GraphQLContext): Promise<ContributionValidationModel> {
    const tally =
      r.validationState === ValidationStateGql.NOT_REQUIRED
        ? { approvals: 0, rejections: 0 }
        : await ctx.loaders.validationTally.load(r.id);
    return { state: r.validationState, required: r.validationsRequired, ...tally };
  }
}
