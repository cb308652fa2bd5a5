import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { Follow, Follower } from './federation.types.js';
import { FollowsService } from './follows.service.js';
import { FollowerModel, FollowModel } from './models/federation.models.js';

const toFollowModel = (f: Follow): FollowModel => ({
  id: f.id,
  organizationId: f.organizationId,
  status: f.status,
  target: f.target,
  actorUrl: f.actorUrl,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
});
const toFollowerModel = (f: Follower): FollowerModel => ({ actorUrl: f.actorUrl, status: f.status, createdAt: f.createdAt });

@Resolver(() => FollowModel)
export class FollowsResolver {
  constructor(private readonly follows: FollowsService) {}

  @Authenticated()
  @Mutation(() => FollowModel, {
    description: 'Follow an organization of another instance (@handle@host or its actor URL) for your organization (admins).',
  })
  async follow(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('target') target: string,
  ): Promise<FollowModel> {
    return toFollowModel(await this.follows.follow(viewer, organizationId, target));
  }

  @Authenticated()
  @Mutation(() => FollowModel, { description: 'Stop following (an Undo is sent to the followed instance); returns the follow as it was.' })
  async unfollow(@RequiredViewer() viewer: Viewer, @Args('followId', { type: () => ID }) followId: string): Promise<FollowModel> {
    return toFollowModel(await this.follows.unfollow(viewer, followId));
  }

  @Authenticated()
  @Query(() => [FollowModel], { description: 'Whom an organization follows on other instances (its members).' })
  async organizationFollows(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<FollowModel[]> {
    return (await this.follows.followsOf(viewer, organizationId)).map(toFollowModel);
  }

  @Authenticated()
  @Query(() => [FollowerModel], { description: 'Actors of other instances following an organization (its members).' })
  async organizationFollowers(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<FollowerModel[]> {
    return (await this.follows.followersOf(viewer, organizationId)).map(toFollowerModel);
  }
}
