import { Injectable } from '@nestjs/common';
import { Database, type Tx } from './database.js';

export type { Tx };

@Injectable()
export class UnitOfWork {
  constructor(private readonly database: Database) {}

  // Everything done with `tx` commits or rolls back together (domain change + outbox event).
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.database.transaction(work);
  }
}
