import type { Permission, Resources } from '../../api/src/access/permissions.js';

// The access matrix: every relationship a principal can have to a resource, and for each
// permission the relationships that hold it. Unit and integration tests both check it whole.
export const RELATIONSHIPS = [
  'anonymous',
  'stranger',
  'member', // of the resource's organization (facility's, design's, job holder's, payee co-op's…)
  'admin',
  'treasurer',
  'federation admin', // an admin of a member organization of the (federation) organization
  'federation member', // a plain member of that member organization
  'named account', // the resource's own person: requester, design owner, contributor, payer
  'requesting admin', // of the organization production was requested for
  'requesting member',
  'requesting treasurer',
  'recipient', // paid by the settlement (by DID)
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

const ORG_MEMBERS: Relationship[] = ['member', 'admin', 'treasurer'];

export const EXPECTED: Record<Permission, Relationship[]> = {
  'organization:read-activity': ORG_MEMBERS,
  'organization:publish-design': ORG_MEMBERS,
  'organization:request-production': ORG_MEMBERS,
  'organization:record-contribution': ORG_MEMBERS,
  'organization:manage-members': ['admin'],
  'organization:register-facility': ['admin'],
  'organization:set-treasury-rules': ['admin'],
  'organization:approve-spend': ['treasurer'],
  'organization:propose': [...ORG_MEMBERS, 'federation admin'],
  'organization:cast-federation-vote': ['admin'],
  'organization:join-federation': ['admin'],
  'organization:leave-federation': ['admin'],
  'organization:follow': ['admin'],
  'facility:edit': ['admin'],
  'facility:claim-job': ORG_MEMBERS,
  'facility:read-job-board': ORG_MEMBERS,
  'facility:manage-calendar': ORG_MEMBERS,
  'facility:attest-for': ['admin'],
  'facility:see-exact-location': ORG_MEMBERS,
  'design:publish-version': [...ORG_MEMBERS, 'named account'],
  'request:read': [...ORG_MEMBERS, 'named account', 'requesting admin'],
  'request:cancel': ['named account', 'requesting admin'],
  'job:advance': [...ORG_MEMBERS, 'named account', 'requesting admin'],
  'job:record-payment': ['named account', 'requesting admin', 'requesting treasurer'],
  'contribution:validate': ORG_MEMBERS,
  'settlement:read': [...ORG_MEMBERS, 'named account', 'recipient'],
  'settlement:name-payees': ORG_MEMBERS,
};

export interface World {
  org: string; // the resource's organization
  federationMember: string; // a member organization of `org` as a federation
  requesting: string; // the organization production was requested for
  named: string; // the resource's own account
  recipientDid: string;
}

// One resource of each type, all pointing at the same world.
export function resources(w: World): Resources {
  return {
    organization: { id: w.org, federationMemberIds: [w.federationMember] },
    facility: { organizationId: w.org },
    design: { ownerAccountId: w.named, ownerOrganizationId: w.org },
    request: { requesterAccountId: w.named, requesterOrganizationId: w.requesting, offeredOrganizationIds: [w.org] },
    job: { facilityOrganizationId: w.org, requesterAccountId: w.named, requesterOrganizationId: w.requesting },
    contribution: { providerAccountId: w.named, providerOrganizationId: w.org },
    settlement: { payerAccountId: w.named, organizationId: w.org, recipientDids: [null, w.recipientDid] },
  };
}
