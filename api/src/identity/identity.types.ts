// Domain values shared by the identity service, repositories and GraphQL models.
// A FEDERATION's members are organizations (one vote each), e.g. co-ops sharing a solidarity fund.
export const ORGANIZATION_KINDS = ['COOPERATIVE', 'MAKERSPACE', 'DESIGN_COLLECTIVE', 'COMMUNITY', 'FEDERATION'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

// The roles a membership can hold; the access policies decide what each may do.
import type { MembershipRole } from '../access/roles.js';
export { MEMBERSHIP_ROLES, type MembershipRole } from '../access/roles.js';

export interface Account {
  id: string;
  email: string;
  name: string;
  did: string;
  createdAt: Date;
}

export interface Organization {
  id: string;
  name: string;
  handle: string; // its name on the fediverse: @handle@host
  kind: OrganizationKind;
  did: string;
  createdAt: Date;
}

export interface Membership {
  id: string;
  organizationId: string;
  accountId: string;
  role: MembershipRole;
  createdAt: Date;
}
