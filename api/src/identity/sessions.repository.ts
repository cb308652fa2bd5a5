import { Injectable } from '@nestjs/common';
import { db, Sql } from '../database/sql.js';

export interface ActiveSession {
  id: string;
  accountId: string;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(session: { id: string; accountId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.sql.run(
      db
        .insertInto('sessions')
        .values({ id: session.id, account_id: session.accountId, created_at: session.createdAt, expires_at: session.expiresAt }),
    );
  }

  // A session that was neither revoked nor has expired, of an account that still exists (the
  // foreign key removes sessions with their account).
  async findActive(id: string, accountId: string, now: Date): Promise<ActiveSession | null> {
    const row = await this.sql.first(
      db
        .selectFrom('sessions')
        .select(['id', 'account_id'])
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now),
    );
    return row ? { id: row.id, accountId: row.account_id } : null;
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const rows = await this.sql.all(
      db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).returning('id'),
    );
    return rows.length === 1;
  }

  async revokeAllOf(accountId: string, now: Date): Promise<number> {
    const rows = await this.sql.all(
      db
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .returning('id'),
    );
    return rows.length;
  }
}
