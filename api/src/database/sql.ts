import { randomBytes } from 'node:crypto';
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
import type { ClientBase, Pool, PoolClient, QueryResult } from 'pg';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
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

// A statement run on a hot path (a distribution's snapshot and commit), prepared on each
// connection the first time it runs there and afterwards only bound and executed: the server
// parses it once per connection and may keep a generic plan, instead of planning it on every
// call (for these many-CTE statements, planning cost as much as executing).
export function prepared<O>(statement: Statement<O>): Compilable<O> & { readonly prepared: true } {
  return { prepared: true, compile: () => compiled(statement) };
}
const isPrepared = (query: Statement<unknown>) => (query as { prepared?: boolean }).prepared === true;
// Beyond this many distinct texts, statements run unprepared (each name holds server memory per connection).
const MAX_PREPARED_TEXTS = 200;

function compiled<O>(query: Statement<O>): CompiledQuery<O> {
  return 'isRawBuilder' in query ? query.compile(db) : query.compile();
}

// The database's clock, for timestamps that must agree with other rows written in SQL.
export const dbNow = (): RawBuilder<Date> => sql<Date>`now()`;

@Injectable()
export class Sql {
  // Names of prepared statements: one per text, connection and process. The embedded database serves
  // every connection of every process (the API, workers, a worker restarted after a crash) from one
  // session, where the same name prepared twice would collide.
  private readonly processTag = randomBytes(4).toString('hex');
  private readonly textIds = new Map<string, number>();
  private readonly clientIds = new WeakMap<object, number>();
  private clients = 0;

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
    if (isPrepared(query)) {
      let textId = this.textIds.get(sql);
      if (textId === undefined && this.textIds.size < MAX_PREPARED_TEXTS) this.textIds.set(sql, (textId = this.textIds.size));
      if (textId !== undefined) return (await this.runPrepared(textId, sql, [...parameters], tx)) as O[];
    }
    if (!tx) return ((await this.pool.query(sql, [...parameters])) as QueryResult).rows as O[];
    return returnedRows(await managerOf(this.dataSource, tx).query(sql, [...parameters])) as O[];
  }

  // On the caller's transaction's connection, or on one checked out of the pool for this statement
  // alone; failures surface as the manager's QueryFailedError, as inside a unit of work.
  private async runPrepared(textId: number, text: string, values: unknown[], tx?: Tx): Promise<unknown[]> {
    const runner = tx && (tx as unknown as EntityManager).queryRunner;
    if (tx && !runner) throw new Error('a transaction without its query runner');
    const client = runner ? ((await runner.connect()) as ClientBase) : await this.pool.connect();
    try {
      let clientId = this.clientIds.get(client);
      if (clientId === undefined) this.clientIds.set(client, (clientId = this.clients++));
      return (await client.query<Record<string, unknown>>({ name: `cl_${this.processTag}_${textId}_${clientId}`, text, values })).rows;
    } catch (err) {
      throw err instanceof QueryFailedError ? err : new QueryFailedError(text, values, err as Error);
    } finally {
      if (!runner) (client as PoolClient).release();
    }
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
