import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

// An opaque transaction handle: services pass it along, only repositories open it.
declare const txBrand: unique symbol;
export interface Tx {
  readonly [txBrand]: true;
}

export function managerOf(dataSource: DataSource, tx?: Tx): EntityManager {
  return tx ? (tx as unknown as EntityManager) : dataSource.manager;
}

// UPDATE/INSERT … RETURNING through TypeORM's query() answers [rows, count] on Postgres.
export const returnedRows = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as Record<string, unknown>[]) : (result as Record<string, unknown>[]);

@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  // Everything done with `tx` commits or rolls back together (domain change + outbox event).
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager as unknown as Tx));
  }
}
