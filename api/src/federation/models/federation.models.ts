import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import {
  DELIVERY_STATUSES,
  FOLLOW_STATUSES,
  FOLLOWER_STATUSES,
  type DeliveryStatus,
  type FollowerStatus,
  type FollowStatus,
} from '../federation.types.js';

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

export const DeliveryStatusGql = graphqlEnum(DELIVERY_STATUSES, {
  name: 'DeliveryStatus',
  description: 'PENDING while it is being tried (with backoff); DEAD once its tries are used up (the dead-letter list).',
});
export type DeliveryStatusGql = DeliveryStatus;

@ObjectType('Delivery', { description: 'An activity an organization sent, owed to one inbox of another instance.' })
export class DeliveryModel {
  @Field(() => ID) id: string;
  @Field({ description: 'The activity’s id (URL).' }) activityId: string;
  @Field({ description: 'Create, Accept, …' }) activityType: string;
  @Field() inboxUrl: string;
  @Field(() => DeliveryStatusGql) status: DeliveryStatusGql;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}
