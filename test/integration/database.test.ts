import { randomBytes } from 'node:crypto';
import { Database, type Tx } from '../../api/src/database/database.js';
import { isUniqueViolation } from '../../api/src/database/pg-errors.js';
import { prepared, Sql, sqlText } from '../../api/src/database/sql.js';

// The database kernel on the run's database: rows, units of work, pg's errors, prepared statements,
// and connections that break. Its tables live in a schema of their own, dropped afterwards.
const schema = `database_test_${randomBytes(4).toString('hex')}`;
const items = `${schema}.items`;
// The embedded database serves every connection from one session: ending "a" backend there ends
// them all, so the broken-connection cases need a server.
const onServer = process.env.TEST_DATABASE_SERVER_URL ? it : it.skip;

let db: Database;
let sql: Sql;

beforeAll(async () => {
  db = await Database.open({ url: process.env.TEST_DATABASE_URL!, poolSize: 2, applicationName: 'cosmolocal-test-db' });
  sql = new Sql(db);
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${items} (id int PRIMARY KEY, name text NOT NULL CONSTRAINT items_name_unique UNIQUE)`);
});

afterAll(async () => {
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.destroy();
});

beforeEach(() => db.query(`TRUNCATE ${items}`));

const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${items}`))[0]!.n;

describe('Database', () => {
  it('answers the rows of a statement, with its parameters', async () => {
    await db.query(`INSERT INTO ${items} (id, name) VALUES ($1, $2), ($3, $4)`, [1, 'one', 2, 'two']);
    expect(await db.query(`SELECT id, name FROM ${items} WHERE id > $1 ORDER BY id`, [0])).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
  });

  it('answers the rows an UPDATE or DELETE returns, in a transaction or not', async () => {
    await db.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one'), (2, 'two')`);
    const updated = await db.transaction((tx) =>
      sql.all(sqlText<{ id: number; name: string }>(`UPDATE ${items} SET name = name || '!' WHERE id = $1 RETURNING id, name`, [1]), tx),
    );
    expect(updated).toEqual([{ id: 1, name: 'one!' }]);
    expect(await sql.all(sqlText<{ id: number }>(`DELETE FROM ${items} WHERE id = $1 RETURNING id`, [2]))).toEqual([{ id: 2 }]);
  });

  it('commits what a unit of work did when it succeeds, and answers its result', async () => {
    const result = await db.transaction(async (tx) => {
      await db.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one')`, [], tx);
      await sql.run(sqlText(`INSERT INTO ${items} (id, name) VALUES (2, 'two')`, []), tx);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await count()).toBe(2);
  });

  it('rolls everything back when the work fails, and rethrows its error unchanged', async () => {
    const failure = new Error('the work failed');
    await expect(
      db.transaction(async (tx) => {
        await db.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one')`, [], tx);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await count()).toBe(0);
  });

  it("keeps pg's SQLSTATE and constraint on a failed statement, in a transaction or not", async () => {
    await db.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one')`);
    const outside = await db.query(`INSERT INTO ${items} (id, name) VALUES (2, 'one')`).catch((err: unknown) => err);
    expect(outside).toMatchObject({ code: '23505', constraint: 'items_name_unique' });
    expect(isUniqueViolation(outside, 'items_name_unique')).toBe(true);
    const inside = await db
      .transaction((tx) => sql.run(sqlText(`INSERT INTO ${items} (id, name) VALUES (3, 'one')`, []), tx))
      .catch((err: unknown) => err);
    expect(inside).toMatchObject({ code: '23505', constraint: 'items_name_unique' });
    const preparedFailure = await sql
      .all(prepared(sqlText<{ id: number }>(`INSERT INTO ${items} (id, name) VALUES ($1, 'one') RETURNING id`, [4])))
      .catch((err: unknown) => err);
    expect(preparedFailure).toMatchObject({ code: '23505', constraint: 'items_name_unique' });
    expect(await count()).toBe(1);
  });

  it('prepares a statement once per connection, under a name of its text, connection and process', async () => {
    const byId = (id: number) => prepared(sqlText<{ name: string }>(`SELECT name FROM ${items} WHERE id = $1`, [id]));
    await db.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one'), (2, 'two')`);
    const names = await db.transaction(async (tx) => {
      expect(await sql.all(byId(1), tx)).toEqual([{ name: 'one' }]);
      expect(await sql.first(byId(2), tx)).toEqual({ name: 'two' });
      return db.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%FROM ${items} WHERE id%'`, [], tx);
    });
    expect(names).toHaveLength(1);
    expect(names[0]!.name).toMatch(/^cl_[0-9a-f]{8}_\d+_\d+$/);
    // Outside a unit of work, on a connection checked out for the statement alone.
    expect(await sql.all(byId(2))).toEqual([{ name: 'two' }]);
  });

  onServer('destroys a connection that breaks in a unit of work, and carries on with a new one', async () => {
    const one = await Database.open({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    try {
      const pid = (tx?: Tx) => one.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', [], tx).then((r) => r[0]!.pid);
      const first = await pid();
      const failure = await one
        .transaction(async (tx) => {
          await one.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one')`, [], tx);
          await one.query('SELECT pg_terminate_backend(pg_backend_pid())', [], tx);
        })
        .catch((err: unknown) => err);
      expect(failure).toMatchObject({ code: '57P01' }); // admin_shutdown
      // The only connection of the pool was replaced: the next unit of work runs, on another backend.
      expect(await one.transaction((tx) => pid(tx))).not.toBe(first);
      expect(await count()).toBe(0);
    } finally {
      await one.destroy();
    }
  });

  onServer('fails a unit of work whose connection the server closes while it waits', async () => {
    const one = await Database.open({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    try {
      const failure = await one
        .transaction(async (tx) => {
          const [{ pid }] = await one.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', [], tx);
          // Ended from another connection while this one is idle in its transaction: the error
          // arrives as an event of the checked-out connection, not as a statement's failure.
          await db.query('SELECT pg_terminate_backend($1)', [pid]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await one.query(`INSERT INTO ${items} (id, name) VALUES (1, 'one')`, [], tx);
        })
        .catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(Error);
      expect(await one.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(await count()).toBe(0);
    } finally {
      await one.destroy();
    }
  });

  it('reports whether it is open, and closes once', async () => {
    const own = await Database.open({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    expect(own.isInitialized).toBe(true);
    await own.destroy();
    await own.destroy();
    expect(own.isInitialized).toBe(false);
    await expect(own.query('SELECT 1')).rejects.toThrow();
  });

  it('fails to open on a server that does not answer', async () => {
    await expect(Database.open({ url: 'postgres://postgres@127.0.0.1:1/nothing', poolSize: 1 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
