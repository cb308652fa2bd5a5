import { Injectable } from '@nestjs/common';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  CompiledQuery,
  type Compilable,
  type RawBuilder,
} from 'kysely';
import type { Pool, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
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

// A query built with the builder, or a whole statement written as raw SQL (sql<Row>`…`) where that
// reads better (recursive CTEs, unnest, advisory locks); the raw statement's row type is declared.
export type Statement<O> = Compilable<O> | RawBuilder<O>;

// A statement whose text is generated elsewhere (from matching criteria, or from the owners'
// exported fragments), with its row type declared as a raw statement's is.
export function sqlText<O>(text: string, parameters: readonly unknown[]): Compilable<O> {
  return { compile: () => CompiledQuery.raw(text, [...parameters]) as CompiledQuery<O> };
}

function compiled<O>(query: Statement<O>): CompiledQuery<O> {
  return 'isRawBuilder' in query ? query.compile(db) : query.compile();
}

// The database's clock, for timestamps that must agree with other rows written in SQL.
export const dbNow = (): RawBuilder<Date> => sql<Date>`now()`;

@Injectable()
export class Sql {
  constructor(private readonly dataSource: DataSource) {}

  // Outside a unit of work a statement goes straight to the pool TypeORM made (pg.Pool.query checks
  // a connection out and back): the same connections and errors (pg's, with their SQLSTATE), without
  // a TypeORM query runner per statement on the hot read paths.
  private get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  // Every row the statement returns (its select or RETURNING list), typed by it.
  async all<O>(query: Statement<O>, tx?: Tx): Promise<O[]> {
    const { sql, parameters } = compiled(query);
    if (!tx) return ((await this.pool.query(sql, [...parameters])) as QueryResult).rows as O[];
    return returnedRows(await managerOf(this.dataSource, tx).query(sql, [...parameters])) as O[];
  }

  async first<O>(query: Statement<O>, tx?: Tx): Promise<O | null> {
    return (await this.all(query, tx))[0] ?? null;
  }

  // For statements whose rows are not read (no RETURNING).
  async run(query: Statement<unknown>, tx?: Tx): Promise<void> {
    const { sql, parameters } = compiled(query);
    if (!tx) await this.pool.query(sql, [...parameters]);
    else await managerOf(this.dataSource, tx).query(sql, [...parameters]);
  }
}
