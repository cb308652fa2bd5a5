// Every permission the platform checks, each naming the type of resource it is checked on.
// Policies (policies.ts) give one rule per permission; AccessService applies them.
export const PERMISSIONS = {
  'organization:read-activity': 'organization',
  'organization:publish-design': 'organization',
  'organization:request-production': 'organization',
  'organization:record-contribution': 'organization',
  'organization:manage-members': 'organization',
  'organization:register-facility': 'organization',
  'organization:set-treasury-rules': 'organization',
  'organization:approve-spend': 'organization',
  'organization:propose': 'organization',
  'organization:cast-federation-vote': 'organization',
  'organization:join-federation': 'organization',
  'organization:leave-federation': 'organization',
  'organization:follow': 'organization',
  'facility:edit': 'facility',
  'facility:claim-job': 'facility',
  'facility:read-job-board': 'facility',
  'facility:manage-calendar': 'facility',
  'facility:attest-for': 'facility',
  'facility:see-exact-location': 'facility',
  'design:publish-version': 'design',
  'request:read': 'request',
  'request:cancel': 'request',
  'job:advance': 'job',
  'job:record-payment': 'job',
  'contribution:validate': 'contribution',
  'settlement:read': 'settlement',
  'settlement:name-payees': 'settlement',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export type ResourceType = (typeof PERMISSIONS)[Permission];
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

// The facts about each resource the rules read (callers load the resource, then ask).
export interface Resources {
  // federationMemberIds: for a federation, its member organizations (their admins may propose).
  organization: { id: string; federationMemberIds?: readonly string[] };
  facility: { organizationId: string };
  design: { ownerAccountId: string | null; ownerOrganizationId: string | null };
  // offeredOrganizationIds: organizations of the facilities the request's jobs were offered to or are held by.
  request: { requesterAccountId: string; requesterOrganizationId: string | null; offeredOrganizationIds?: readonly string[] };
  job: { facilityOrganizationId: string | null; requesterAccountId: string; requesterOrganizationId: string | null };
  contribution: { providerAccountId: string | null; providerOrganizationId: string };
  settlement: { payerAccountId: string; organizationId: string; recipientDids?: ReadonlyArray<string | null> };
}

export type ResourceOf<P extends Permission> = Resources[(typeof PERMISSIONS)[P]];
