import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { jsonObject, oneOf } from '../database/row-checks.js';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from './federation.types.js';

const toDelivery = (r: Selectable<DB['federation_deliveries']>): Delivery => ({
  id: r.id,
  organizationId: r.organization_id,
  activityId: r.activity_id,
  activityType: r.activity_type,
  inboxUrl: r.inbox_url,
  recipientUrl: r.recipient_url,
  activity: jsonObject(r.activity, 'federation_deliveries.activity'),
  status: oneOf(DELIVERY_STATUSES, r.status, 'federation_deliveries.status'),
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// One id per (activity, inbox), the same however often it is computed: a delivery is owed once.
export const deliveryId = (activityId: string, inboxUrl: string) =>
  createHash('sha256').update(`${activityId}\n${inboxUrl}`).digest('hex').slice(0, 32);

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly sql: Sql) {}

  // The deliveries of one activity; those already owed are left as they are. Returns every id.
  async owe(
    tx: Tx,
    d: { organizationId: string; activityId: string; activityType: string; activity: Record<string, unknown> },
    inboxes: ReadonlyArray<{ inbox: string; recipient: string }>,
  ): Promise<string[]> {
    if (!inboxes.length) return [];
    const unique = [...new Map(inboxes.map((i) => [i.inbox, i])).values()];
    const rows = unique.map(({ inbox, recipient }) => ({
      id: deliveryId(d.activityId, inbox),
      organization_id: d.organizationId,
      activity_id: d.activityId,
      activity_type: d.activityType,
      inbox_url: inbox,
      recipient_url: recipient,
      activity: JSON.stringify(d.activity),
    }));
    await this.sql.run(
      db
        .insertInto('federation_deliveries')
        .values(rows)
        .onConflict((oc) => oc.doNothing()),
      tx,
    );
    return rows.map((r) => r.id);
  }

  async find(id: string): Promise<Delivery | null> {
    const row = await this.sql.first(db.selectFrom('federation_deliveries').selectAll().where('id', '=', id));
    return row ? toDelivery(row) : null;
  }

  // One attempt's outcome, on a delivery still PENDING: delivered, failed (to be tried again) or
  // failed for the last time (DEAD). False when it was no longer PENDING.
  async settle(id: string, outcome: { status: DeliveryStatus; error?: string }): Promise<boolean> {
    const row = await this.sql.first(
      db
        .updateTable('federation_deliveries')
        .set((eb) => ({
          status: outcome.status,
          attempts: eb('attempts', '+', 1),
          last_error: outcome.error?.slice(0, 2000) ?? null,
          updated_at: dbNow(),
        }))
        .where('id', '=', id)
        .where('status', '=', 'PENDING')
        .returning('id'),
    );
    return !!row;
  }

  // A dead delivery owed again, from its first attempt.
  async revive(id: string): Promise<Delivery | null> {
    const row = await this.sql.first(
      db
        .updateTable('federation_deliveries')
        .set({ status: 'PENDING', attempts: 0, updated_at: dbNow() })
        .where('id', '=', id)
        .where('status', '=', 'DEAD')
        .returningAll(),
    );
    return row ? toDelivery(row) : null;
  }

  // Deliveries still owed since before `olderThan` (their job may have been lost), oldest first.
  async pendingSince(olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('federation_deliveries')
        .select('id')
        .where('status', '=', 'PENDING')
        .where('updated_at', '<', olderThan)
        .orderBy('created_at')
        .limit(limit),
    );
    return rows.map((r) => r.id);
  }

  async ofOrganization(organizationId: string, status: DeliveryStatus | null, limit: number): Promise<Delivery[]> {
    let q = db
      .selectFrom('federation_deliveries')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('updated_at', 'desc')
      .limit(limit);
    if (status) q = q.where('status', '=', status);
    return (await this.sql.all(q)).map(toDelivery);
  }
}
