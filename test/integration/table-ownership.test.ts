import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Database } from '../../api/src/database/database.js';

// Every module declares the tables it owns in api/src/<module>/<module>.tables.ts; the lint rule on
// cross-module writes reads the same files.
const SRC = new URL('../../api/src/', import.meta.url);

async function owners(): Promise<Map<string, string[]>> {
  const byTable = new Map<string, string[]>();
  for (const module of readdirSync(SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    const file = new URL(`${module}/${module}.tables.ts`, SRC);
    if (!existsSync(file)) continue;
    const { TABLES } = (await import(fileURLToPath(file))) as { TABLES: readonly string[] };
    for (const table of TABLES) byTable.set(table, [...(byTable.get(table) ?? []), module]);
  }
  return byTable;
}

describe('table ownership', () => {
  let ds: Database;
  beforeAll(async () => {
    ds = await Database.open({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
  });
  afterAll(() => ds.destroy());

  it('gives every table of the migrated database exactly one owning module', async () => {
    const rows: Array<{ table_name: string }> = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
    );
    const map = await owners();
    const problems = rows
      .map((r) => r.table_name)
      .flatMap((t) => {
        const of = map.get(t) ?? [];
        return of.length === 1 ? [] : [`${t}: ${of.length ? `owned by ${of.join(', ')}` : 'no owner'}`];
      });
    expect(problems).toEqual([]);
    expect(rows.length).toBeGreaterThan(40);
  });

  it('declares only tables the migrations create', async () => {
    const rows: Array<{ table_name: string }> = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    const existing = new Set(rows.map((r) => r.table_name));
    expect([...(await owners()).keys()].filter((t) => !existing.has(t))).toEqual([]);
  });
});
