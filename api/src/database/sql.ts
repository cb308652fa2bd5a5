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
import { Database, type Tx } from './database.js';
import type { DB } from './db.generated.js';

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
// A hot statement whose text never changes, only its values (ids as one array, `= ANY($1::uuid[])`):
// built and compiled once, from placeholder values, and afterwards run prepared with the caller's
// values bound in the same order. Compiling a builder query costs as much as the round trip it makes
// for a loader's batch.
export function compiledOnce<O>(statement: Statement<O>): (...values: unknown[]) => Compilable<O> & { readonly prepared: true } {
  const { sql: text, parameters } = compiled(statement);
  return (...values) => {
    if (values.length !== parameters.length) throw new Error(`Statement takes ${parameters.length} values, given ${values.length}`);
    return { prepared: true, compile: () => CompiledQuery.raw(text, values) as CompiledQuery<O> };
  };
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

  constructor(private readonly database: Database) {}

  // Every row the statement returns (its select or RETURNING list), typed by it. Errors are
  // node-postgres's, with their SQLSTATE `code` (and `constraint`, `detail`) as the server sent them.
  async all<O>(query: Statement<O>, tx?: Tx): Promise<O[]> {
    const { sql, parameters } = compiled(query);
    if (isPrepared(query)) {
      let textId = this.textIds.get(sql);
      if (textId === undefined && this.textIds.size < MAX_PREPARED_TEXTS) this.textIds.set(sql, (textId = this.textIds.size));
      if (textId !== undefined) return (await this.runPrepared(textId, sql, [...parameters], tx)) as O[];
    }
    return this.database.query<O>(sql, parameters, tx);
  }

  // On the caller's transaction's connection, or on one checked out of the pool for this statement alone.
  private async runPrepared(textId: number, text: string, values: unknown[], tx?: Tx): Promise<unknown[]> {
    return this.database.connection(tx, async (client) => {
      let clientId = this.clientIds.get(client);
      if (clientId === undefined) this.clientIds.set(client, (clientId = this.clients++));
      return (await client.query<Record<string, unknown>>({ name: `cl_${this.processTag}_${textId}_${clientId}`, text, values })).rows;
    });
  }

  async first<O>(query: Statement<O>, tx?: Tx): Promise<O | null> {
    return (await this.all(query, tx))[0] ?? null;
  }

  // For statements whose rows are not read (no RETURNING).
  async run(query: Statement<unknown>, tx?: Tx): Promise<void> {
    const { sql, parameters } = compiled(query);
    await this.database.query(sql, parameters, tx);
  }
}
