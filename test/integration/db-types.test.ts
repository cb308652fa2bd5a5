import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ESM script without type declarations
import { DB_TYPES_FILE, generateDbTypes } from '../../scripts/db-types.mjs';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';

describe('api/src/database/db.generated.ts', () => {
  it('is the typed view of the migrated schema the repositories are checked against (run `node scripts/db-types.mjs`)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cosmolocal-db-types-')), 'db.generated.ts');
    await generateDbTypes({ databaseUrl: process.env.TEST_DATABASE_URL, outFile: out });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, DB_TYPES_FILE), 'utf8'));
  });
});
