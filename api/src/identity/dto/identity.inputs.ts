import { Field, ID, InputType } from '@nestjs/graphql';
import { MembershipRoleGql, OrganizationKindGql } from '../models/identity.models.js';

@InputType()
export class RegisterInput {
  @Field() email: string;
  @Field({ description: 'At least 12 characters; common passwords are refused.' }) password: string;
  @Field() name: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field() name: string;
  @Field(() => OrganizationKindGql) kind: OrganizationKindGql;
  @Field(() => String, {
    nullable: true,
    description: 'Its name on the fediverse (@handle@host): 1–30 lowercase letters, digits or underscores. Default: from the name.',
  })
  handle?: string | null;
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => ID) organizationId: string;
  @Field(() => ID) accountId: string;
  @Field(() => MembershipRoleGql) role: MembershipRoleGql;
}
