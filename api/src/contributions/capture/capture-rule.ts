import type { DomainEvent, DomainEventType } from '../../outbox/domain-events.js';
import type { ContributionAction } from '../record-codec.js';
import { hoursFromCents } from '../hours.js';

// What a captured event says as contribution records. Pure: the writer resolves agents to DIDs,
// links the previous record of the subject and signs.

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

// One captured event type (capture/<event>.capture.ts, listed in capture-rules.ts): the records
// one event of it gives, each with its own source key (`source(n)`, n from 0).
export interface CaptureRule<T extends DomainEventType> {
  readonly event: T;
  drafts(event: DomainEvent<T>, at: { occurredAt: Date; source: (n: number) => string }): RecordDraft[];
}

// Hours as a decimal string with at most two places (no floats in records).
export function hoursString(hours: number): string {
  return hoursFromCents(Math.round(hours * 100));
}
