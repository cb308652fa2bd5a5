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

  @Authenticated()
  @Mutation(() => Boolean, {
    description: 'Whether new followers of your organization wait for an admin to accept them (admins). Returns the setting.',
  })
  async setFollowApproval(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('required') required: boolean,
  ): Promise<boolean> {
    return this.follows.setFollowApproval(viewer, organizationId, required);
  }

  @Authenticated()
  @Mutation(() => FollowerModel, {
    nullable: true,
    description: 'Accept or refuse a pending follower (admins): an Accept or Reject is sent. Null when refused.',
  })
  async answerFollower(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('actorUrl') actorUrl: string,
    @Args('accept') accept: boolean,
  ): Promise<FollowerModel | null> {
    const follower = await this.follows.answerFollower(viewer, organizationId, actorUrl, accept);
    return follower ? toFollowerModel(follower) : null;
  }

  @Authenticated()
  @Mutation(() => [String], {
    description: 'Block an actor of another instance (admins): it stops following and is refused; returns the blocked actors.',
  })
  async blockActor(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('actorUrl') actorUrl: string,
  ): Promise<string[]> {
    return this.follows.block(viewer, organizationId, actorUrl);
  }

  @Authenticated()
  @Mutation(() => [String], { description: 'Lift a block (admins); returns the blocked actors.' })
  async unblockActor(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('actorUrl') actorUrl: string,
  ): Promise<string[]> {
    return this.follows.unblock(viewer, organizationId, actorUrl);
  }

  @Authenticated()
  @Query(() => [String], { description: 'The actors of other instances an organization blocked (its members).' })
  async organizationBlocks(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<string[]> {
    return this.follows.blocksOf(viewer, organizationId);
  }

  @Authenticated()
  @Query(() => Boolean, { description: 'Whether new followers of an organization wait for an admin’s approval (its members).' })
  async followApprovalRequired(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<boolean> {
    return this.follows.followApprovalRequired(viewer, organizationId);
  }
}
