import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { FOLLOW_STATUSES, FOLLOWER_STATUSES, type FollowerStatus, type FollowStatus } from '../federation.types.js';

export const FollowStatusGql = graphqlEnum(FOLLOW_STATUSES, {
  name: 'FollowStatus',
  description: 'PENDING until the followed instance answers; ACCEPTED or REJECTED by it.',
});
export type FollowStatusGql = FollowStatus;
export const FollowerStatusGql = graphqlEnum(FOLLOWER_STATUSES, { name: 'FollowerStatus' });
export type FollowerStatusGql = FollowerStatus;

@ObjectType('Follow', { description: 'An organization following an organization (an ActivityPub actor) of another instance.' })
export class FollowModel {
  @Field(() => ID) id: string;
  @Field(() => ID) organizationId: string;
  @Field(() => FollowStatusGql) status: FollowStatusGql;
  @Field({ description: 'As asked: @handle@host or the actor’s URL.' }) target: string;
  @Field({ description: 'The followed actor’s id (URL).' }) actorUrl: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType('Follower', { description: 'An actor of another instance following an organization.' })
export class FollowerModel {
  @Field({ description: 'The follower’s actor id (URL).' }) actorUrl: string;
  @Field(() => FollowerStatusGql) status: FollowerStatusGql;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}
