import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('outbox_events')
export class OutboxEventEntity {
  // bigint comes back from pg as a string; kept as a string to stay exact.
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('text') type: string;
  @Column('text', { name: 'aggregate_type' }) aggregateType: string;
  @Column('text', { name: 'aggregate_id' }) aggregateId: string;
  @Column('jsonb') payload: object;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
  // Set once every handler of the event's type has run (see DomainEventDispatcher).
  @Column('timestamptz', { name: 'handled_at', nullable: true }) handledAt: Date | null;
  // The request id and trace context of the change, for the job that handles the event.
  @Column('jsonb', { nullable: true }) context: object | null;
}
