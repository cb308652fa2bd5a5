import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedInfra } from '../../api/src/infra/embedded/embedded.js';

// The embedded PostgreSQL (PGlite behind a socket server) shares one session among all
// clients; these tests hold it to what a real server guarantees.
let embedded: EmbeddedInfra;
let pool: pg.Pool;

beforeAll(async () => {
  embedded = await startEmbedded({ dataDir: mkdtempSync(join(tmpdir(), 'cosmolocal-pglite-')), services: ['postgres'] });
  pool = new pg.Pool({ connectionString: embedded.databaseUrl, max: 8 });
  await pool.query('CREATE TABLE IF NOT EXISTS counters (id int PRIMARY KEY, n int NOT NULL)');
});
afterAll(async () => {
  await pool.end();
  await embedded.stop();
});

describe('embedded PostgreSQL', () => {
  it('keeps concurrent parameterised queries from different clients apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query('SELECT $1::int * 2 AS doubled, $2::text AS label', [i, `q${i}`])),
    );
    results.forEach((r, i) => expect(r.rows).toEqual([{ doubled: i * 2, label: `q${i}` }]));
  });

  it('isolates a transaction from other clients until it commits or rolls back', async () => {
    await pool.query('INSERT INTO counters (id, n) VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0');
    const increments = Array.from({ length: 20 }, async (_, i) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT n FROM counters WHERE id = 1');
        await client.query('UPDATE counters SET n = $1 WHERE id = 1', [rows[0].n + 1]);
        await client.query(i % 5 === 0 ? 'ROLLBACK' : 'COMMIT');
      } finally {
        client.release();
      }
    });
    // Other clients' statements run between the transactions' statements and must get their own answers.
    const reads = Array.from({ length: 200 }, async (_, i) => {
      const { rows } = await pool.query('SELECT $1::int * 2 AS doubled', [i]);
      expect(rows).toEqual([{ doubled: i * 2 }]);
    });
    await Promise.all([...increments, ...reads]);
    // Read-modify-write without lost updates: 20 transactions, 4 rolled back.
    const { rows } = await pool.query('SELECT n FROM counters WHERE id = 1');
    expect(rows[0].n).toBe(16);
  });

  it('keeps serving other clients after one client’s query fails', async () => {
    const outcomes = await Promise.allSettled([
      pool.query('SELECT * FROM no_such_table'),
      pool.query('SELECT 1/0'),
      ...Array.from({ length: 10 }, (_, i) => pool.query('SELECT $1::int AS i', [i])),
    ]);
    expect(outcomes.slice(0, 2).every((o) => o.status === 'rejected')).toBe(true);
    expect(outcomes.slice(2).map((o) => (o as PromiseFulfilledResult<pg.QueryResult>).value.rows[0].i)).toEqual(
      Array.from({ length: 10 }, (_, i) => i),
    );
  });

  it('rolls back and frees the session when a client disconnects inside a transaction', async () => {
    await pool.query('INSERT INTO counters (id, n) VALUES (2, 0) ON CONFLICT (id) DO UPDATE SET n = 0');
    const quitter = new pg.Client({ connectionString: embedded.databaseUrl });
    quitter.on('error', () => undefined); // its connection is cut on purpose
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query('UPDATE counters SET n = 99 WHERE id = 2');
    const waiting = pool.query('SELECT n FROM counters WHERE id = 2');
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await expect(waiting).resolves.toMatchObject({ rows: [{ n: 0 }] });
  });
});
