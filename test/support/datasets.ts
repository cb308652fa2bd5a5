import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';

// Small licence-clean data kept in the repository (see test/fixtures/README.md): always there.
export const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures');
// The larger public datasets beside the checkout, when present.
export const SHARED_DATA = join(PROJECT_ROOT, '..', 'shared', 'data');

// A describe block over a public dataset of ../shared/data: it runs when `relative` exists there
// and otherwise is left out, saying why (a fresh clone has nothing beside it). `fn` reads
// the data inside its hooks and tests, never while the block is declared.
export function describeWithSharedData(name: string, relative: string, fn: (path: string) => void): void {
  const path = join(SHARED_DATA, relative);
  if (existsSync(path)) {
    describe(name, () => fn(path));
    return;
  }
  // Not declared at all: the file's fixture-based tests still run, and the log says what was left out.
  console.log(`not run: "${name}": ${path} is absent (the public datasets are read from ../shared/data beside the checkout)`);
}
