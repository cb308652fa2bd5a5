import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../database/transaction.js';
import { AuditLogEntity } from './audit-log.entity.js';

export interface AuditEntry {
  eventId: string;
  organizationId: string | null;
  actorId: string | null;
  action: string;
  subjectId: string;
  details: Record<string, unknown>;
  occurredAt: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: Tx, entry: AuditEntry): Promise<void> {
    await managerOf(this.dataSource, tx).insert(AuditLogEntity, entry);
  }

  async forOrganization(organizationId: string): Promise<AuditEntry[]> {
    const rows = await this.dataSource.manager.find(AuditLogEntity, { where: { organizationId }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      eventId: String(r.eventId),
      organizationId: r.organizationId,
      actorId: r.actorId,
      action: r.action,
      subjectId: r.subjectId,
      details: r.details as Record<string, unknown>,
      occurredAt: r.occurredAt,
    }));
  }
}
