import type { Tx } from '../database/transaction.js';
import type { DomainEvent, DomainEventOf, DomainEventType } from './domain-events.js';

// A consumer of outbox events of the types T, each received with its own payload type.
// `handle` runs in a transaction that also records (event, handler) as processed, so a
// redelivered event has no second effect.
export interface DomainEventHandler<T extends DomainEventType = DomainEventType> {
  readonly name: string;
  readonly handles: readonly T[];
  handle(event: DomainEventOf<T>, tx: Tx): Promise<void>;
}

export const DOMAIN_EVENT_HANDLERS = Symbol('DOMAIN_EVENT_HANDLERS');

// Whether a handler takes this event; if so the event is one of its types. The stored event's
// payload is the one its type names: the outbox only appends NewDomainEvent<T>.
export function handledBy<T extends DomainEventType>(
  handler: DomainEventHandler<T>,
  event: DomainEvent,
): event is DomainEvent & DomainEventOf<T> {
  return (handler.handles as readonly DomainEventType[]).includes(event.type);
}
