import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('bigint', { name: 'event_id' }) eventId: string;
  @Column('uuid', { name: 'organization_id', nullable: true }) organizationId: string | null;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'subject_id' }) subjectId: string;
  @Column('jsonb') details: object;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}
