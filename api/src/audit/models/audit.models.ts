import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection.js';
import { MembershipRoleGql } from '../../identity/models/identity.models.js';

@ObjectType('ActivityEntry', { description: 'One change to an organization’s membership.' })
export class ActivityEntryModel {
  @Field(() => ID) id: string;
  @Field({ description: 'identity.organization.created, identity.member.added, identity.member.role-changed or identity.member.removed' })
  action: string;
  @Field(() => ID, { nullable: true, description: 'The account that made the change.' }) actorId: string | null;
  @Field(() => ID, { description: 'The account (or organization) the change is about.' }) subjectId: string;
  @Field(() => MembershipRoleGql, { nullable: true }) role: MembershipRoleGql | null;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
}

export const ActivityConnection = Connection(ActivityEntryModel, 'Activity');
