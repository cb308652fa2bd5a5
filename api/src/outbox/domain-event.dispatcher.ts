import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/transaction.js';
import { DOMAIN_EVENT_HANDLERS, handledBy, type DomainEventHandler } from './domain-event-handler.js';
import type { DomainEvent } from './domain-events.js';
import { OutboxRepository } from './outbox.repository.js';
import { ProcessedEventsRepository } from './processed-events.repository.js';

@Injectable()
export class DomainEventDispatcher {
  constructor(
    @Inject(DOMAIN_EVENT_HANDLERS) private readonly handlers: DomainEventHandler[],
    private readonly processed: ProcessedEventsRepository,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxRepository,
  ) {
    const names = new Set<string>();
    for (const h of handlers) {
      if (names.has(h.name)) throw new Error(`Two domain event handlers are named ${h.name}`);
      names.add(h.name);
    }
  }

  // Returns the names of the handlers that took effect (empty on a redelivery).
  async dispatch(event: DomainEvent): Promise<string[]> {
    const applied: string[] = [];
    for (const handler of this.handlers) {
      if (!handledBy(handler, event)) continue;
      const ran = await this.uow.run(async (tx) => {
        if (!(await this.processed.claim(tx, event.id, handler.name))) return false;
        await handler.handle(event, tx);
        return true;
      });
      if (ran) applied.push(handler.name);
    }
    // Every handler has now run (here or before): the event is done. A crash before this line
    // leaves it to the redispatch sweep, which finds every handler recorded and marks it then.
    await this.outbox.markHandled([event.id]);
    return applied;
  }

  // Each event type with the names of the handlers it must reach.
  handlerPairs(): Array<{ type: string; handler: string }> {
    return this.handlers.flatMap((h) => h.handles.map((type) => ({ type, handler: h.name })));
  }
}
