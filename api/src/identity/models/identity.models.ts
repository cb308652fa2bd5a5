import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { ORGANIZATION_KINDS, type OrganizationKind, MEMBERSHIP_ROLES, type MembershipRole } from '../identity.types.js';
import { Connection } from '../../common/graphql/connection.js';

export const OrganizationKindGql = graphqlEnum(ORGANIZATION_KINDS, {
  name: 'OrganizationKind',
  valuesMap: { FEDERATION: { description: 'Its members are organizations, one vote each.' } },
});
export type OrganizationKindGql = OrganizationKind;

export const MembershipRoleGql = graphqlEnum(MEMBERSHIP_ROLES, { name: 'MembershipRole' });
export type MembershipRoleGql = MembershipRole;

@ObjectType('Account', { description: 'A person using the platform.' })
export class AccountModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The did:key the platform signs this person’s records with.' }) did: string;
  @Field(() => String, { nullable: true, description: 'Visible only to the account itself.' }) email: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('Organization', { description: 'A co-op, makerspace, design collective or community.' })
export class OrganizationModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'Its name on the fediverse: @handle@host (lowercase letters, digits, underscores).' }) handle: string;
  @Field(() => OrganizationKindGql) kind: OrganizationKindGql;
  @Field() did: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('Membership')
export class MembershipModel {
  @Field(() => ID) id: string;
  @Field(() => MembershipRoleGql) role: MembershipRoleGql;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  // Resolved through loaders.
  organizationId: string;
  accountId: string;
}

export const MembershipConnection = Connection(MembershipModel, 'Membership');

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field() token: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
  @Field(() => AccountModel) account: AccountModel;
}
