import type { JobRelation } from '../access/policies.js';
import type { NewDomainEvent } from '../outbox/domain-events.js';
import type { EventJob, JobStatus } from './production.types.js';

// Who may move a job from one status to another. FACILITY: a member of the organization of
// the facility holding the job; REQUESTER: the person who asked for production (the access
// service says who is which); SYSTEM: the platform itself (claim expiry, settlement).
export type JobActor = JobRelation | 'SYSTEM';

const RULES: ReadonlyArray<{ from: JobStatus; to: JobStatus; by: JobActor; evidence?: boolean }> = [
  { from: 'OPEN', to: 'CLAIMED', by: 'FACILITY' },
  { from: 'CLAIMED', to: 'OPEN', by: 'SYSTEM' }, // the claim expired unstarted
  { from: 'CLAIMED', to: 'OPEN', by: 'FACILITY' }, // the facility released it
  { from: 'CLAIMED', to: 'IN_PRODUCTION', by: 'FACILITY' },
  { from: 'IN_PRODUCTION', to: 'READY', by: 'FACILITY', evidence: true }, // QC evidence required
  { from: 'READY', to: 'DELIVERED', by: 'FACILITY' },
  { from: 'DELIVERED', to: 'ACCEPTED', by: 'REQUESTER' },
  { from: 'DELIVERED', to: 'DISPUTED', by: 'REQUESTER' },
  { from: 'DISPUTED', to: 'ACCEPTED', by: 'REQUESTER' }, // resolved
  { from: 'ACCEPTED', to: 'SETTLED', by: 'SYSTEM' },
  { from: 'OPEN', to: 'CANCELLED', by: 'REQUESTER' },
  { from: 'CLAIMED', to: 'CANCELLED', by: 'REQUESTER' },
  { from: 'IN_PRODUCTION', to: 'CANCELLED', by: 'REQUESTER' },
];

export function transitionRule(from: JobStatus, to: JobStatus, by: JobActor) {
  return RULES.find((r) => r.from === from && r.to === to && r.by === by);
}

// What an actor may do next from a status (shown in the API so clients need not copy the table).
export function nextStatuses(from: JobStatus, by: JobActor): JobStatus[] {
  return RULES.filter((r) => r.from === from && r.by === by).map((r) => r.to);
}

// The moves open to someone who is each of these parties to a job in this status, once per target.
export function nextActions(from: JobStatus, parties: readonly JobActor[]): Array<{ to: JobStatus; evidenceRequired: boolean }> {
  const targets = [...new Set(parties.flatMap((by) => nextStatuses(from, by)))];
  return targets.map((to) => ({ to, evidenceRequired: parties.some((by) => transitionRule(from, to, by)?.evidence) }));
}

// The statuses a job may leave for `to` when moved by `by` (e.g. what settlement may find).
export function allowedFrom(to: JobStatus, by: JobActor): JobStatus[] {
  return RULES.filter((r) => r.to === to && r.by === by).map((r) => r.from);
}

export const ACTIVE_STATUSES: readonly JobStatus[] = ['CLAIMED', 'IN_PRODUCTION'];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['SETTLED', 'CANCELLED'];

// The event every transition leaves in the outbox (whoever writes the transition).
export function jobTransitionedEvent(
  job: EventJob,
  t: {
    from: JobStatus;
    to: JobStatus;
    actorId: string | null;
    facilityId: string | null;
    organizationId: string | null;
    requesterId: string;
    designVersionCid: string;
    evidenceCids: string[];
  },
): NewDomainEvent<'production.job.transitioned'> {
  return {
    type: 'production.job.transitioned',
    aggregateType: 'production_job',
    aggregateId: job.id,
    payload: {
      jobId: job.id,
      requestId: job.requestId,
      lineKey: job.lineKey,
      role: job.role,
      from: t.from,
      to: t.to,
      actorId: t.actorId,
      facilityId: t.facilityId,
      organizationId: t.organizationId,
      requesterId: t.requesterId,
      designVersionCid: t.designVersionCid,
      quantity: job.quantity,
      estimatedHours: job.estimatedHours,
      evidenceCids: t.evidenceCids,
      claimSeq: job.claimSeq,
      claimExpiresAt: job.claimExpiresAt instanceof Date ? job.claimExpiresAt.toISOString() : job.claimExpiresAt,
    },
  };
}
