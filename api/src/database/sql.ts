import { Injectable } from '@nestjs/common';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Compilable,
  type RawBuilder,
} from 'kysely';
import { DataSource } from 'typeorm';
import type { DB } from './db.generated.js';
import { managerOf, returnedRows, type Tx } from './transaction.js';

// Typed SQL. Queries are built with Kysely against the schema's own types (db.generated.ts,
// generated from the migrated database by scripts/db-types.mjs; a test fails when it drifts), so a
// column that does not exist or a row read as the wrong type is a compile error, not a cast.
// Kysely only compiles here: the statement runs on the platform's one connection pool, inside the
// caller's unit of work when it passes one.
export const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export type { DB };

// The database's clock, for timestamps that must agree with other rows written in SQL.
export const dbNow = (): RawBuilder<Date> => sql<Date>`now()`;

@Injectable()
export class Sql {
  constructor(private readonly dataSource: DataSource) {}

  // Every row the statement returns (its select or RETURNING list), typed by it.
  async all<O>(query: Compilable<O>, tx?: Tx): Promise<O[]> {
    const { sql, parameters } = query.compile();
    return returnedRows(await managerOf(this.dataSource, tx).query(sql, [...parameters])) as O[];
  }

  async first<O>(query: Compilable<O>, tx?: Tx): Promise<O | null> {
    return (await this.all(query, tx))[0] ?? null;
  }

  // For statements whose rows are not read (no RETURNING).
  async run(query: Compilable<unknown>, tx?: Tx): Promise<void> {
    const { sql, parameters } = query.compile();
    await managerOf(this.dataSource, tx).query(sql, [...parameters]);
  }
}
