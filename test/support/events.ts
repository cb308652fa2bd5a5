import type { INestApplicationContext } from '@nestjs/common';
import { ContributionCaptureHandler } from '../../api/src/contributions/contribution-capture.handler.js';
import { Database } from '../../api/src/database/database.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import type { DomainEventHandler } from '../../api/src/outbox/domain-event-handler.js';
import { DomainEventDispatcher } from '../../api/src/outbox/domain-event.dispatcher.js';
import type { DomainEvent } from '../../api/src/outbox/domain-events.js';
import { OutboxRepository } from '../../api/src/outbox/outbox.repository.js';
import { ProcessedEventsRepository } from '../../api/src/outbox/processed-events.repository.js';

// The worker's dispatcher with only the contribution capture handler (and any others given),
// driven by hand: delivers every outbox event of an aggregate (at least once, as the worker would).
export function captureDelivery(app: INestApplicationContext, others: readonly DomainEventHandler[] = []) {
  const db = app.get(Database);
  const dispatcher = new DomainEventDispatcher(
    [app.get(ContributionCaptureHandler), ...others],
    app.get(ProcessedEventsRepository),
    app.get(UnitOfWork),
    app.get(OutboxRepository),
  );
  return async function deliver(aggregateId: string): Promise<void> {
    const rows = await db.query(
      'SELECT id, type, aggregate_type, aggregate_id, payload, occurred_at FROM outbox_events WHERE aggregate_id = $1 ORDER BY id',
      [aggregateId],
    );
    for (const r of rows) {
      const event: DomainEvent = {
        id: String(r.id),
        type: r.type,
        aggregateType: r.aggregate_type,
        aggregateId: r.aggregate_id,
        payload: r.payload,
        occurredAt: new Date(r.occurred_at).toISOString(),
      };
      await dispatcher.dispatch(event);
    }
  };
}
