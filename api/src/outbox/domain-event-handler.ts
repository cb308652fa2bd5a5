import type { Tx } from '../database/transaction.js';
import type { DomainEvent, DomainEventType } from './domain-events.js';

// A consumer of outbox events. `handle` runs in a transaction that also records
// (event, handler) as processed, so a redelivered event has no second effect.
export interface DomainEventHandler {
  readonly name: string;
  readonly handles: readonly DomainEventType[];
  handle(event: DomainEvent, tx: Tx): Promise<void>;
}

export const DOMAIN_EVENT_HANDLERS = Symbol('DOMAIN_EVENT_HANDLERS');
