import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('processed_events')
export class ProcessedEventEntity {
  @PrimaryColumn('bigint', { name: 'event_id' }) eventId: string;
  @PrimaryColumn('text') handler: string;
  @Column('timestamptz', { name: 'processed_at' }) processedAt: Date;
}
