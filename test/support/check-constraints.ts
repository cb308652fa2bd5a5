import type { Database } from '../../api/src/database/database.js';

// The values a CHECK constraint of the migrated schema allows in a column (`col IN (...)`, which
// Postgres stores as `col = ANY (ARRAY[...])`), read from pg_constraint.
export async function checkedValues(db: Database, table: string, column: string): Promise<string[]> {
  const rows: Array<{ def: string }> = await db.query(
    `SELECT pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE t.relname = $1 AND c.contype = 'c'`,
    [table],
  );
  const defs = rows.map((r) => r.def).filter((d) => new RegExp(`\\(\\(?${column} = ANY`).test(d));
  if (defs.length !== 1) throw new Error(`expected one CHECK on ${table}.${column}, found ${defs.length}`);
  return [...defs[0]!.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
}
