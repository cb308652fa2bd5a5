import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../database/transaction.js';

export interface ActiveSession {
  id: string;
  accountId: string;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(session: { id: string; accountId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.dataSource.query('INSERT INTO sessions (id, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [session.id, session.accountId, session.createdAt, session.expiresAt]);
  }

  // A session that was neither revoked nor has expired, of an account that still exists (the
  // foreign key removes sessions with their account).
  async findActive(id: string, accountId: string, now: Date): Promise<ActiveSession | null> {
    const rows: Array<{ id: string; account_id: string }> = await this.dataSource.query(
      'SELECT id, account_id FROM sessions WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL AND expires_at > $3',
      [id, accountId, now],
    );
    return rows[0] ? { id: rows[0].id, accountId: rows[0].account_id } : null;
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const rows = await this.dataSource.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, now]);
    return returnedRows(rows).length === 1;
  }

  async revokeAllOf(accountId: string, now: Date): Promise<number> {
    const rows = await this.dataSource.query('UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id', [accountId, now]);
    return returnedRows(rows).length;
  }
}
