import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/uuid.js';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { toRequest } from './production.rows.js';
import type { ProductionRequest } from './production.types.js';

const requests = () => db.selectFrom('production_requests').selectAll();

// Production requests: what was asked for, where, by when and for how much.
@Injectable()
export class ProductionRequestsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, request: ProductionRequest): Promise<void> {
    await this.sql.run(
      db.insertInto('production_requests').values({
        id: request.id,
        requester_account_id: request.requesterAccountId,
        requester_organization_id: request.requesterOrganizationId,
        design_version_id: request.designVersionId,
        quantity: request.quantity,
        lat: request.location.lat,
        lon: request.location.lon,
        address: request.address,
        radius_km: request.radiusKm,
        due_date: request.dueDate,
        budget_minor: request.budget ? request.budget.amountMinor.toString() : null,
        budget_currency: request.budget?.currency ?? null,
        split: request.split,
        note: request.note,
        cancelled_at: request.cancelledAt,
        created_at: request.createdAt,
      }),
      tx,
    );
  }

  async find(id: string, tx?: Tx): Promise<ProductionRequest | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(requests().where('id', '=', id), tx);
    return row ? toRequest(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<ProductionRequest[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(requests().where('id', 'in', valid))).map(toRequest) : [];
  }

  // A requester's requests, newest first.
  async requestsOf(accountId: string, limit: number): Promise<ProductionRequest[]> {
    const query = requests().where('requester_account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    return (await this.sql.all(query)).map(toRequest);
  }

  // The account's earliest request for this design version, if any.
  async findFor(requesterAccountId: string, designVersionId: string): Promise<ProductionRequest | null> {
    if (!isUuid(designVersionId)) return null;
    const query = requests()
      .where('requester_account_id', '=', requesterAccountId)
      .where('design_version_id', '=', designVersionId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(1);
    const row = await this.sql.first(query);
    return row ? toRequest(row) : null;
  }

  async markCancelled(tx: Tx, requestId: string): Promise<void> {
    await this.sql.run(db.updateTable('production_requests').set({ cancelled_at: new Date() }).where('id', '=', requestId), tx);
  }
}
