// Usage: npm run migration:create -- <name>
// Writes an empty, hand-written migration and says where to register it.
import { existsSync, writeFileSync } from 'node:fs';

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('Usage: npm run migration:create -- <name in kebab-case>');
  process.exit(64);
}
const stamp = Date.now();
const cls = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase()) + stamp;
const file = new URL(`../api/src/database/migrations/${stamp}-${name}.ts`, import.meta.url);
if (existsSync(file)) throw new Error(`${file.pathname} exists`);
writeFileSync(
  file,
  `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(q: QueryRunner): Promise<void> {
    await q.query('');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('');
  }
}
`,
);
console.log(`wrote ${file.pathname}\nregister ${cls} in api/src/database/migrations/index.ts (the list is explicit).`);
