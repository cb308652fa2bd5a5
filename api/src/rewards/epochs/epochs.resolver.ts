import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../../common/auth/access.decorator.js';
import { RequiredViewer } from '../../common/auth/viewer.decorator.js';
import type { Viewer } from '../../common/auth/viewer.js';
import { EpochQueriesService } from './epoch-queries.service.js';
import { RewardClaimModel, RewardEpochConnection } from '../models/epoch.models.js';
import { toRewardClaimModel, toRewardEpochModel } from '../rewards.mappers.js';

@Resolver()
export class EpochsResolver {
  constructor(private readonly epochs: EpochQueriesService) {}

  @Public()
  @Query(() => RewardEpochConnection, { description: 'Reward epochs published on chain, newest first (public: roots, totals, claims).' })
  async rewardEpochs(
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<RewardEpochConnection> {
    const page = await this.epochs.page(first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toRewardEpochModel(e.node) })) };
  }

  @Authenticated()
  @Query(() => [RewardClaimModel], { description: 'Your shares of reward epochs, with the proof to claim each on chain.' })
  async myRewardClaims(@RequiredViewer() viewer: Viewer): Promise<RewardClaimModel[]> {
    return (await this.epochs.claimsOf(viewer)).map(toRewardClaimModel);
  }
}
