import type { Permission, ResourceOf, Resources } from './permissions.js';
import { accountIdOf, type Role, type Subject } from './principal.js';

// Why a principal may not: the message (and details) of the ForbiddenError it becomes.
export interface Denial {
  message: string;
  details?: Record<string, unknown>;
}

type Rule<R> = (s: Subject, r: R) => Denial | null;
interface Policy<P extends Permission> {
  rule: Rule<ResourceOf<P>>;
  // The rule reads the principal's DID (loaded only then).
  needsDid?: boolean;
}

const deny = (message: string, details?: Record<string, unknown>): Denial => ({ message, details });
const MEMBERS_ONLY = 'Only members of this organization can see this.';

// Relationships of a principal to resources, from which the rules are built.
export const isMember = (s: Subject, organizationId: string | null | undefined): boolean => !!organizationId && s.roles.has(organizationId);
export const hasRole = (s: Subject, organizationId: string | null | undefined, ...roles: Role[]): boolean =>
  !!organizationId && roles.some((role) => s.roles.get(organizationId) === role);
export const isAccount = (s: Subject, accountId: string | null | undefined): boolean => !!accountId && accountIdOf(s) === accountId;

// An admin of one of a federation's member organizations.
export const isFederationAdmin = (s: Subject, org: Resources['organization']): boolean =>
  (org.federationMemberIds ?? []).some((id) => hasRole(s, id, 'ADMIN'));

// The requester of production: the person who asked, or an admin of the organization they asked for.
export const isRequester = (s: Subject, r: { requesterAccountId: string; requesterOrganizationId: string | null }): boolean =>
  isAccount(s, r.requesterAccountId) || hasRole(s, r.requesterOrganizationId, 'ADMIN');

// The parties to a job: members of the organization of the facility holding it, and its requester.
export const JOB_RELATIONS = ['FACILITY', 'REQUESTER'] as const;
export type JobRelation = (typeof JOB_RELATIONS)[number];
export function jobRelations(s: Subject, job: Resources['job']): JobRelation[] {
  return JOB_RELATIONS.filter((rel) => (rel === 'FACILITY' ? isMember(s, job.facilityOrganizationId) : isRequester(s, job)));
}

// The organization a rule is about: an organization itself, or the one a facility belongs to.
type OrgOf<R> = (r: R) => string;
const itself: OrgOf<{ id: string }> = (o) => o.id;
const owner: OrgOf<{ organizationId: string }> = (f) => f.organizationId;

const member =
  <R>(org: OrgOf<R>, message: string): Rule<R> =>
  (s, r) =>
    isMember(s, org(r)) ? null : deny(message);

// Admins only; other members are told it takes an admin, outsiders that it is for members.
const admin =
  <R>(org: OrgOf<R>, message: string, outsiders = MEMBERS_ONLY): Rule<R> =>
  (s, r) =>
    hasRole(s, org(r), 'ADMIN') ? null : deny(isMember(s, org(r)) ? message : outsiders);

export const POLICIES: { [P in Permission]: Policy<P> } = {
  'organization:read-activity': { rule: member(itself, MEMBERS_ONLY) },
  'organization:publish-design': { rule: member(itself, MEMBERS_ONLY) },
  'organization:request-production': { rule: member(itself, MEMBERS_ONLY) },
  'organization:record-contribution': { rule: member(itself, MEMBERS_ONLY) },
  'organization:manage-members': {
    rule: admin(
      itself,
      'Only admins of this organization can manage its members.',
      'Only admins of this organization can manage its members.',
    ),
  },
  'organization:register-facility': { rule: admin(itself, 'Only admins of the organization can register its facilities.') },
  'organization:follow': { rule: admin(itself, 'Only admins follow other instances’ organizations for their organization.') },
  'organization:set-treasury-rules': { rule: admin(itself, 'Only admins set the treasury’s rules.') },
  'organization:approve-spend': {
    rule: (s, o) => (hasRole(s, o.id, 'TREASURER') ? null : deny('Only the organization’s treasurers approve its spends.')),
  },
  'organization:propose': {
    rule: (s, o) =>
      isMember(s, o.id) || isFederationAdmin(s, o)
        ? null
        : deny('Only members propose to an organization (and admins of its member organizations, in a federation).'),
  },
  'organization:cast-federation-vote': {
    rule: (s, o) => (hasRole(s, o.id, 'ADMIN') ? null : deny('Only an admin of a member organization casts its vote.')),
  },
  'organization:join-federation': {
    rule: (s, o) =>
      hasRole(s, o.id, 'ADMIN')
        ? null
        : deny('Joining takes an admin of the federation who is also an admin of the organization joining (or a MEMBERSHIP proposal).'),
  },
  'organization:leave-federation': {
    rule: (s, o) => (hasRole(s, o.id, 'ADMIN') ? null : deny('Only an admin of the member organization takes it out.')),
  },
  'facility:edit': { rule: admin(owner, 'Only admins of the organization edit its facilities.') },
  'facility:claim-job': { rule: member(owner, 'Only members of the facility’s organization can claim jobs for it.') },
  'facility:read-job-board': { rule: member(owner, MEMBERS_ONLY) },
  // Members run the machines day to day, so they keep the calendar, not only admins.
  'facility:manage-calendar': { rule: member(owner, 'Only members of the facility’s organization manage its calendar.') },
  'facility:attest-for': {
    rule: (s, f) =>
      hasRole(s, f.organizationId, 'ADMIN') ? null : deny('Only admins of the attesting facility’s organization can attest for it.'),
  },
  'facility:see-exact-location': { rule: member(owner, 'Only members of the facility’s organization see its exact location.') },
  'design:publish-version': {
    rule: (s, d) =>
      isAccount(s, d.ownerAccountId) || isMember(s, d.ownerOrganizationId)
        ? null
        : deny('Only the owner of this design (or members of its organization) can publish versions of it.'),
  },
  'request:read': {
    rule: (s, r) =>
      isRequester(s, r) || (r.offeredOrganizationIds ?? []).some((id) => isMember(s, id))
        ? null
        : deny('Only the requester and the facilities it was offered to can see this request.'),
  },
  'request:cancel': { rule: (s, r) => (isRequester(s, r) ? null : deny('Only the requester can cancel a request.')) },
  // Which moves each party may make is the job lifecycle's table; this says who is a party.
  'job:advance': {
    rule: (s, j) =>
      jobRelations(s, j).length ? null : deny('Only members of the facility holding this job, or its requester, can change it.'),
  },
  'job:record-payment': {
    rule: (s, j) =>
      isAccount(s, j.requesterAccountId) || hasRole(s, j.requesterOrganizationId, 'TREASURER', 'ADMIN')
        ? null
        : deny('Only the requester (or a treasurer of the requesting organization) records payments for this job.'),
  },
  'contribution:validate': {
    rule: (s, c) => {
      if (isAccount(s, c.providerAccountId)) return deny('You cannot validate your own contribution.', { reason: 'OWN_CONTRIBUTION' });
      return isMember(s, c.providerOrganizationId) ? null : deny(MEMBERS_ONLY);
    },
  },
  'settlement:read': {
    needsDid: true,
    rule: (s, st) =>
      isAccount(s, st.payerAccountId) || isMember(s, st.organizationId) || (!!s.did && (st.recipientDids ?? []).includes(s.did))
        ? null
        : deny('Only the payer, the fabricating organization and the people paid see this settlement.'),
  },
  // Members of the fabricating co-op see who was paid; others see only themselves, funds and organizations.
  'settlement:name-payees': { rule: member(owner, 'Only members of the fabricating organization see who was paid.') },
};

export function decide<P extends Permission>(s: Subject, permission: P, resource: ResourceOf<P>): Denial | null {
  return (POLICIES[permission] as Policy<P>).rule(s, resource);
}

export const needsDid = (permission: Permission): boolean => !!POLICIES[permission].needsDid;
