import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbedded } from '../../api/src/infra/embedded/embedded.js';

// A database of its own: a new one on the PostgreSQL server, or a new embedded PGlite. For
// tests whose subject is global to an instance (e.g. the anchoring loop takes every waiting
// record), so that other test files' rows stay out of them.
export async function scratchDatabase(
  options: { migrate?: boolean; label?: string } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_SERVER_URL;
  let db: { url: string; drop: () => Promise<void> };
  if (server) {
    const name = `cosmolocal_${options.label ?? 'scratch'}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    db = {
      url: u.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  } else {
    const embedded = await startEmbedded({ dataDir: mkdtempSync(join(tmpdir(), 'cosmolocal-scratch-')), services: ['postgres'] });
    db = { url: embedded.databaseUrl!, drop: () => embedded.stop() };
  }
  if (options.migrate) {
    const { createDataSource, runMigrations } = await import('../../api/src/database/data-source.js');
    const ds = await createDataSource(db.url, 2, 'cosmolocal-test-scratch').initialize();
    await runMigrations(ds);
    await ds.destroy();
  }
  return db;
}
