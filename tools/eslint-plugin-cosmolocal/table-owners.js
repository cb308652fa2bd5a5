import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { constStrings } from './const-arrays.js';

// Table → owning module, from each module's api/src/<module>/<module>.tables.ts
// (`export const TABLES = [...] as const`). A table claimed twice is an error in the map itself.
export function tableOwners(root) {
  const src = join(root, 'api/src');
  const owners = new Map();
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const file = join(src, entry.name, `${entry.name}.tables.ts`);
    if (!entry.isDirectory() || !existsSync(file)) continue;
    for (const table of constStrings(file, 'TABLES')) {
      const other = owners.get(table);
      if (other) throw new Error(`table ${table} is claimed by both ${other} and ${entry.name} (api/src/*/*.tables.ts)`);
      owners.set(table, entry.name);
    }
  }
  return owners;
}
