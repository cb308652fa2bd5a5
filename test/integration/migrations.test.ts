import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDataSource, runMigrations } from '../../api/src/database/data-source.js';
import { migrations } from '../../api/src/database/migrations/index.js';
import { startEmbedded } from '../../api/src/infra/embedded/embedded.js';

// A database of its own: a new one on the PostgreSQL server, or a new embedded PGlite.
async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_SERVER_URL;
  if (server) {
    const name = `cosmolocal_migrations_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const embedded = await startEmbedded({ dataDir: mkdtempSync(join(tmpdir(), 'cosmolocal-mig-')), services: ['postgres'] });
  return { url: embedded.databaseUrl!, drop: () => embedded.stop() };
}

describe('migrations', () => {
  it('apply, revert completely and apply again on an empty database', async () => {
    const scratch = await scratchDatabase();
    const ds = await createDataSource(scratch.url, 2).initialize();
    try {
      expect(await runMigrations(ds)).toEqual(migrations.map((m) => m.name));
      expect(await runMigrations(ds)).toEqual([]); // idempotent
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const [left] = await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(left.n).toBe(0);
      expect(await runMigrations(ds)).toHaveLength(migrations.length);
    } finally {
      await ds.destroy();
      await scratch.drop();
    }
  });

  it('enables cube and earthdistance for great-circle distances', async () => {
    const ds = await createDataSource(process.env.TEST_DATABASE_URL!, 2).initialize();
    try {
      // Barcelona to Berlin is about 1,500 km.
      const [row] = await ds.query(
        'SELECT round(earth_distance(ll_to_earth(41.3874, 2.1686), ll_to_earth(52.52, 13.405)) / 1000) AS km',
      );
      expect(Number(row.km)).toBeGreaterThan(1490);
      expect(Number(row.km)).toBeLessThan(1510);
    } finally {
      await ds.destroy();
    }
  });
});
