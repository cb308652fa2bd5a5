// The TypeScript types of the database, generated from the migrated schema by kysely-codegen:
// `node scripts/db-types.mjs` writes api/src/database/db.generated.ts, `--check` fails when the
// committed file no longer matches what the migrations make (CI runs it through the tests).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDataSource, runMigrations } from '../dist/api/src/database/data-source.js';
import { createScratchDatabase } from './lib/scratch-db.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DB_TYPES_FILE = 'api/src/database/db.generated.ts';

export async function generateDbTypes({ check = false, databaseUrl, outFile = DB_TYPES_FILE } = {}) {
  let scratch = null;
  let url = databaseUrl;
  if (!url) {
    scratch = await createScratchDatabase('cosmolocal_dbtypes');
    url = scratch.url;
    const ds = await createDataSource(url, 2, 'cosmolocal-db-types').initialize();
    try {
      await runMigrations(ds);
    } finally {
      await ds.destroy();
    }
  }
  try {
    const args = ['--dialect', 'postgres', '--url', url, '--out-file', outFile, '--exclude-pattern', 'migrations', '--log-level', 'error'];
    if (check) args.push('--verify');
    execFileSync(`${ROOT}node_modules/.bin/kysely-codegen`, args, { cwd: ROOT, stdio: 'pipe' });
  } finally {
    await scratch?.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  try {
    await generateDbTypes({ check });
    console.log(check ? `${DB_TYPES_FILE} matches the migrated schema` : `wrote ${DB_TYPES_FILE}`);
  } catch (err) {
    console.error(err.stderr?.toString() || err.message);
    process.exit(1);
  }
}
