import type { DomainEvent, DomainEventType } from '../outbox/domain-events.js';
import type { CaptureRule, RecordDraft } from './capture/capture-rule.js';
import { designPublished } from './capture/design-published.capture.js';
import { designRemixed } from './capture/design-remixed.capture.js';
import { jobTransitioned } from './capture/job-transitioned.capture.js';
import { subcontractFulfilled } from './capture/subcontract-fulfilled.capture.js';

export { hoursString, type AgentRef, type RecordDraft } from './capture/capture-rule.js';

// Which platform events become contribution records: one rule per captured event type, each in
// its own file (capture/<event>.capture.ts). Adding one is its file, its test and a line here;
// each rule sits under the event type it names, and must handle that type's payload.
const CAPTURE_RULES = {
  [designPublished.event]: designPublished,
  [designRemixed.event]: designRemixed,
  [jobTransitioned.event]: jobTransitioned,
  [subcontractFulfilled.event]: subcontractFulfilled,
} satisfies { [T in DomainEventType]?: CaptureRule<T> };

export type CapturedEvent = keyof typeof CAPTURE_RULES;
export const CAPTURED_EVENTS = Object.keys(CAPTURE_RULES) as readonly CapturedEvent[];
// The same rules, typed so that looking one up by an event's type gives that type's rule.
const RULES: { [T in CapturedEvent]: CaptureRule<T> } = CAPTURE_RULES;

const isCaptured = (event: DomainEvent): event is DomainEvent<CapturedEvent> => Object.hasOwn(RULES, event.type);

// The records an event gives (none for an event no rule captures).
export function draftsFromEvent(event: DomainEvent): RecordDraft[] {
  return isCaptured(event) ? draftsOf(event) : [];
}

export function draftsOf<T extends CapturedEvent>(event: DomainEvent<T>): RecordDraft[] {
  const rule: CaptureRule<T> = RULES[event.type];
  return rule.drafts(event, { occurredAt: new Date(event.occurredAt), source: (n) => `event:${event.id}:${n}` });
}
