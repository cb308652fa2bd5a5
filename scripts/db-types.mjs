// The TypeScript types of the database, generated from the migrated schema by kysely-codegen:
// `node scripts/db-types.mjs` writes api/src/database/db.generated.ts; an integration test compares
// the committed file with what the migrations make (test/integration/db-types.test.ts).
// Introspection runs over one connection, so it works as well on an embedded PGlite (one session
// for every client) as on a PostgreSQL server.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect as KyselyPostgres } from 'kysely';
import { generate, PostgresDialect } from 'kysely-codegen';
import pg from 'pg';
import { createDataSource, runMigrations } from '../dist/api/src/database/data-source.js';
import { createScratchDatabase } from './lib/scratch-db.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DB_TYPES_FILE = 'api/src/database/db.generated.ts';

// The file's text for the database at `databaseUrl` (already migrated).
export async function dbTypesOf(databaseUrl) {
  const db = new Kysely({ dialect: new KyselyPostgres({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
  try {
    return await generate({ db, dialect: new PostgresDialect(), excludePattern: 'migrations', outFile: null, typeOnlyImports: true });
  } finally {
    await db.destroy();
  }
}

// Migrates a scratch database on DATABASE_URL's server and writes the types it has.
export async function writeDbTypes() {
  const scratch = await createScratchDatabase('cosmolocal_dbtypes');
  try {
    const ds = await createDataSource(scratch.url, 2, 'cosmolocal-db-types').initialize();
    try {
      await runMigrations(ds);
    } finally {
      await ds.destroy();
    }
    writeFileSync(`${ROOT}${DB_TYPES_FILE}`, await dbTypesOf(scratch.url));
  } finally {
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeDbTypes();
  console.log(`wrote ${DB_TYPES_FILE}`);
}
