// Domain values shared by the identity service, repositories and GraphQL models.
// A FEDERATION's members are organizations (one vote each), e.g. co-ops sharing a solidarity fund.
export const ORGANIZATION_KINDS = ['COOPERATIVE', 'MAKERSPACE', 'DESIGN_COLLECTIVE', 'COMMUNITY', 'FEDERATION'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const MEMBERSHIP_ROLES = ['ADMIN', 'MEMBER', 'TREASURER'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

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
