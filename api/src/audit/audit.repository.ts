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
    const rows = await this.dataSource.manager.find(AuditLogEntity, { where: { organizationId }, order: { eventId: 'ASC' } });
    return rows.map(toEntry);
  }

  // Newest first by event (the worker may record events out of order); `beforeEventId`
  // is the keyset cursor and `limit` includes one look-ahead row.
  async pageForOrganization(organizationId: string, limit: number, beforeEventId?: string): Promise<AuditEntry[]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .where('a.organization_id = :organizationId', { organizationId })
      .orderBy('a.event_id', 'DESC')
      .limit(limit);
    if (beforeEventId) qb.andWhere('a.event_id < :beforeEventId', { beforeEventId });
    return (await qb.getMany()).map(toEntry);
  }

  async countForOrganization(organizationId: string): Promise<number> {
    return this.dataSource.manager.countBy(AuditLogEntity, { organizationId });
  }
}

function toEntry(r: AuditLogEntity): AuditEntry {
  return {
    eventId: String(r.eventId),
    organizationId: r.organizationId,
    actorId: r.actorId,
    action: r.action,
    subjectId: r.subjectId,
    details: r.details as Record<string, unknown>,
    occurredAt: r.occurredAt,
  };
}
