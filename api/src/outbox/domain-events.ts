import type { WorkContext } from '../common/logging/request-context.js';

// Every event that leaves a transaction through the outbox, with its payload.
export interface DomainEventPayloads {
  'identity.account.registered': { accountId: string; did: string };
  'identity.organization.created': { organizationId: string; did: string; kind: string; createdBy: string };
  'identity.member.added': { organizationId: string; accountId: string; role: string; actorId: string | null }; // null: a passed proposal
  'identity.member.role-changed': { organizationId: string; accountId: string; role: string; actorId: string };
  'identity.member.removed': { organizationId: string; accountId: string; actorId: string | null };
  // DESIGN_PUBLISHED: every new version. DESIGN_REMIXED: a version that credits parents.
  'design.published': DesignVersionEvent;
  'design.remixed': DesignVersionEvent;
  'production.requested': {
    requestId: string;
    requesterId: string;
    designVersionCid: string;
    quantity: number;
    split: boolean;
    offers: Array<{ jobId: string; lineKey: string; facilityIds: string[] }>;
  };
  // Every job transition (claim, production, QC, delivery, acceptance, cancellation, expiry).
  'production.job.transitioned': JobTransitionEvent;
  'facility.attested': {
    facilityId: string;
    attesterOrganizationId: string;
    attesterFacilityId: string;
    actorId: string;
    attestations: number;
  };
  'facility.verification-changed': {
    facilityId: string;
    organizationId: string;
    from: string;
    to: string;
    reason: string;
    actorId: string | null;
  };
  // Machine-hours lent between co-ops of a federation: offered, booked for a job (a Valueflows
  // commitment), and fulfilled when the job is made (the lender's co-op is then credited).
  'lending.capacity-offered': {
    offerId: string;
    facilityId: string;
    organizationId: string;
    federationId: string;
    process: string;
    hours: string;
    actorId: string;
  };
  'lending.subcontract-committed': SubcontractEvent;
  'lending.subcontract-fulfilled': SubcontractEvent & { designVersionCid: string; lenderFacilityId: string; offeredBy: string };
  'lending.subcontract-cancelled': SubcontractEvent;
  // A signed contribution record was indexed (captured or submitted by hand).
  'contribution.recorded': { recordId: string; providerDid: string; action: string };
  'rewards.payment-recorded': {
    settlementId: string;
    jobId: string;
    organizationId: string;
    amountMinor: string;
    currency: string;
    policyVersion: number;
  };
  'rewards.distributed': { settlementId: string; jobId: string; transactionId: string; lines: number };
  'rewards.policy-activated': { organizationId: string; version: number; actorId: string | null };
  // Unpaid balances gathered into an on-chain epoch, and a leaf of one claimed on chain.
  'rewards.epoch-built': {
    epochId: string;
    chainId: number;
    distributor: string;
    number: number;
    root: string;
    leaves: number;
    totalMinor: string;
    currency: string;
  };
  'rewards.claimed': {
    epochId: string;
    number: number;
    accountId: string;
    address: string;
    amountMinor: string;
    currency: string;
    txHash: string;
  };
  // Governance: a proposal opened (its close is scheduled), a vote cast or changed, a proposal
  // closed with its outcome, a spend approved by a treasurer.
  'governance.proposal-opened': {
    proposalId: string;
    organizationId: string;
    kind: string;
    status: string;
    votingEndsAt: string;
    actorId: string;
  };
  'governance.vote-cast': { proposalId: string; voterId: string; option: string; recordId: string; change: boolean };
  'governance.proposal-closed': { proposalId: string; organizationId: string; status: string; outcome: string | null; executed: boolean };
  'governance.spend-approved': { proposalId: string; accountId: string; recordId: string; approvals: number };
  'facility.updated': { facilityId: string; organizationId: string; actorId: string; processes: string[] };
  'facility.registered': { facilityId: string; organizationId: string; actorId: string; processes: string[] };
}

export interface DesignVersionEvent {
  agentId: string;
  agentDid: string;
  designId: string;
  versionId: string;
  versionCid: string;
  organizationId: string | null;
  parents: Array<{ versionCid: string; shareBps: number; relation: string }>;
}

export interface SubcontractEvent {
  subcontractId: string;
  offerId: string;
  jobId: string;
  lenderOrganizationId: string;
  borrowerOrganizationId: string;
  process: string;
  hours: string; // decimal, two places
  due: string;
  actorId: string | null; // null: settled by the job's own step
}

export interface JobTransitionEvent {
  jobId: string;
  requestId: string;
  lineKey: string;
  role: string;
  from: string;
  to: string;
  actorId: string | null; // null: the platform (claim expiry)
  facilityId: string | null;
  organizationId: string | null; // the facility's organization
  requesterId: string;
  designVersionCid: string;
  quantity: number;
  estimatedHours: number;
  evidenceCids: string[];
  claimSeq: number;
  claimExpiresAt: string | null;
}

export type DomainEventType = keyof DomainEventPayloads;

export interface NewDomainEvent<T extends DomainEventType = DomainEventType> {
  type: T;
  aggregateType: string;
  aggregateId: string;
  payload: DomainEventPayloads[T];
}

// What a consumer receives: the stored event with its outbox id.
export interface DomainEvent<T extends DomainEventType = DomainEventType> extends NewDomainEvent<T> {
  id: string;
  occurredAt: string;
  // The request (and trace) the event came from, when it came from one.
  context?: WorkContext;
}

// An event of one of the types T, its payload told apart by its type (a switch on `type` narrows it).
export type DomainEventOf<T extends DomainEventType> = { [K in T]: DomainEvent<K> }[T];
