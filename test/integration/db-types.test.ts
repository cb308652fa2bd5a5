import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ESM script without type declarations
import { DB_TYPES_FILE, dbTypesOf } from '../../scripts/db-types.mjs';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';

describe('api/src/database/db.generated.ts', () => {
  it('is the typed view of the migrated schema the repositories are checked against (run `npm run db:types`)', async () => {
    const generated = (await dbTypesOf(process.env.TEST_DATABASE_URL)) as string;
    expect(generated).toBe(readFileSync(join(PROJECT_ROOT, DB_TYPES_FILE), 'utf8'));
  });
});
