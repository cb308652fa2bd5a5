// The roles a member holds in an organization (identity stores them, the policies read them).
export const MEMBERSHIP_ROLES = ['ADMIN', 'MEMBER', 'TREASURER'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
