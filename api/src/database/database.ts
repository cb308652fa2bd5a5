import pg from 'pg';
import type { ClientBase, PoolClient } from 'pg';

// The platform's one connection pool (node-postgres), and its units of work. Statements are built
// with Kysely and run through Sql (sql.ts); migrations are TypeORM's, loaded only where they run
// (data-source.ts), so the API's own process never loads an ORM.

// An opaque transaction handle: services pass it along, only the database kernel opens it.
declare const txBrand: unique symbol;
export interface Tx {
  readonly [txBrand]: true;
}

// What a Tx is underneath: the connection its transaction holds.
class Transaction {
  constructor(readonly client: PoolClient) {}
}

function clientOf(tx: Tx): PoolClient {
  if (!(tx instanceof Transaction)) throw new Error('not a transaction of this database');
  return tx.client;
}

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

export class Database {
  private readonly pool: pg.Pool;
  private ended = false;

  private constructor(options: DatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      application_name: options.applicationName ?? 'cosmolocal',
    });
    // An idle connection the server closed (a restart, a terminated backend): the pool has already
    // dropped it and opens a new one on the next checkout. Without a listener the event would
    // end the process.
    this.pool.on('error', () => undefined);
  }

  // A pool that has reached the server once: a wrong URL or a server that is down fails the start,
  // not the first request.
  static async open(options: DatabaseOptions): Promise<Database> {
    const database = new Database(options);
    try {
      await database.pool.query('SELECT 1');
    } catch (err) {
      await database.destroy();
      throw err;
    }
    return database;
  }

  get isInitialized(): boolean {
    return !this.ended;
  }

  // The rows of one statement (its select list, or its RETURNING list), on the transaction's
  // connection when given, otherwise on any connection of the pool. Rows are untyped here: the
  // application's statements go through Sql, typed by Kysely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped rows, as node-postgres returns them
  async query<R = any>(text: string, parameters: readonly unknown[] = [], tx?: Tx): Promise<R[]> {
    const runner = tx ? clientOf(tx) : this.pool;
    return (await runner.query(text, [...parameters])).rows as R[];
  }

  // Everything done with `tx` commits or rolls back together, on one connection checked out for it.
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.checkedOut(async (client, broken) => {
      await client.query('BEGIN');
      try {
        const result = await work(new Transaction(client) as unknown as Tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A failed COMMIT has already ended the transaction; ROLLBACK then only warns. A ROLLBACK
        // that fails means the connection is gone or in an unknown state: it is not reused.
        await client.query('ROLLBACK').catch((rollbackError: unknown) => broken(rollbackError));
        throw err;
      }
    });
  }

  // `work` on the transaction's connection, or on one checked out of the pool for it alone.
  async connection<T>(tx: Tx | undefined, work: (client: ClientBase) => Promise<T>): Promise<T> {
    return tx ? work(clientOf(tx)) : this.checkedOut((client) => work(client));
  }

  async destroy(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.pool.end();
  }

  // A connection of the pool for the length of `work`, returned to the pool afterwards, or destroyed
  // when it broke on the way (the server closed it, a network error, a failed ROLLBACK).
  private async checkedOut<T>(work: (client: PoolClient, broken: (err: unknown) => void) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    const broken = (err: unknown) => {
      failure ??= err instanceof Error ? err : new Error(String(err));
    };
    // A checked-out connection has no listener of the pool's: an error event here would otherwise
    // be unhandled. The statement under way fails with the same error.
    client.on('error', broken);
    try {
      return await work(client, broken);
    } finally {
      client.off('error', broken);
      client.release(failure);
    }
  }
}
