import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../database/transaction.js';

@Injectable()
export class ProcessedEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // True the first time (event, handler) is seen in a committed transaction.
  async claim(tx: Tx, eventId: string, handler: string): Promise<boolean> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO processed_events (event_id, handler) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId, handler],
    );
    return rows.length === 1;
  }
}
