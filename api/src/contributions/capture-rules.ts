import type { DesignVersionEvent, DomainEvent, JobTransitionEvent } from '../outbox/domain-events.js';
import type { ContributionAction } from './record-codec.js';
import { subjectOfDesign, subjectOfJob } from './contributions.types.js';
import { hoursFromCents } from './hours.js';

// Which platform events become contribution records, and what each record says. Pure: the
// writer resolves agents to DIDs, links the previous record of the subject and signs.

export type AgentRef = { kind: 'account'; id: string } | { kind: 'organization'; id: string };

export interface RecordDraft {
  source: string; // unique per record: event:<outbox id>:<n>
  action: ContributionAction;
  provider: AgentRef;
  providerAccountId: string | null; // the person who acted (for organization records)
  providerOrganizationId: string | null; // the organization the contribution counts for
  receiver?: AgentRef;
  subject: string;
  designId?: string;
  designVersionCid?: string;
  jobId?: string;
  inputOf?: string;
  outputOf?: string;
  effortHours?: string;
  note: string;
  occurredAt: Date;
  evidenceCids: string[];
}

export const CAPTURED_EVENTS = ['design.published', 'design.remixed', 'production.job.transitioned'] as const;

// Hours as a decimal string with at most two places (no floats in records).
export function hoursString(hours: number): string {
  return hoursFromCents(Math.round(hours * 100));
}

export function draftsFromEvent(event: DomainEvent): RecordDraft[] {
  const at = new Date(event.occurredAt);
  const source = (n: number) => `event:${event.id}:${n}`;
  switch (event.type) {
    case 'design.published': {
      const p = event.payload as DesignVersionEvent;
      return [
        {
          source: source(0),
          action: 'produce',
          provider: { kind: 'account', id: p.agentId },
          providerAccountId: p.agentId,
          providerOrganizationId: p.organizationId,
          subject: subjectOfDesign(p.designId),
          designId: p.designId,
          designVersionCid: p.versionCid,
          note: 'published a design version',
          occurredAt: at,
          evidenceCids: [],
        },
      ];
    }
    case 'design.remixed': {
      const p = event.payload as DesignVersionEvent;
      // One citation per parent: the remix credits each with its declared share.
      return p.parents.map((parent, i) => ({
        source: source(i),
        action: 'cite' as const,
        provider: { kind: 'account' as const, id: p.agentId },
        providerAccountId: p.agentId,
        providerOrganizationId: p.organizationId,
        subject: subjectOfDesign(p.designId),
        designId: p.designId,
        designVersionCid: parent.versionCid,
        note: `${parent.relation} in ${p.versionCid} (${(parent.shareBps / 100).toFixed(2)} % share)`,
        occurredAt: at,
        evidenceCids: [],
      }));
    }
    case 'production.job.transitioned': {
      const p = event.payload as JobTransitionEvent;
      const job = subjectOfJob(p.jobId);
      const common = { subject: job, jobId: p.jobId, designVersionCid: p.designVersionCid, occurredAt: at };
      if (!p.organizationId) return [];
      const facilityOrg: AgentRef = { kind: 'organization', id: p.organizationId };
      switch (p.to) {
        case 'CLAIMED':
          return [{ ...common, source: source(0), action: 'work', provider: facilityOrg, providerAccountId: p.actorId, providerOrganizationId: p.organizationId, inputOf: job, note: `claimed ${p.lineKey} (${p.quantity} × ${p.role.toLowerCase()})`, evidenceCids: [] }];
        case 'READY':
          return [
            {
              ...common,
              source: source(0),
              action: 'produce',
              provider: facilityOrg,
              providerAccountId: p.actorId,
              providerOrganizationId: p.organizationId,
              outputOf: job,
              effortHours: hoursString(p.estimatedHours),
              note: `made ${p.quantity} × ${p.lineKey}, quality checked`,
              evidenceCids: p.evidenceCids,
            },
          ];
        case 'DELIVERED':
          return [{ ...common, source: source(0), action: 'transfer', provider: facilityOrg, providerAccountId: p.actorId, providerOrganizationId: p.organizationId, receiver: { kind: 'account', id: p.requesterId }, note: `delivered ${p.quantity} × ${p.lineKey}`, evidenceCids: [] }];
        case 'ACCEPTED':
          return [{ ...common, source: source(0), action: 'accept', provider: { kind: 'account', id: p.requesterId }, providerAccountId: p.requesterId, providerOrganizationId: null, receiver: facilityOrg, note: `accepted ${p.quantity} × ${p.lineKey}`, evidenceCids: [] }];
        default:
          return [];
      }
    }
    default:
      return [];
  }
}
