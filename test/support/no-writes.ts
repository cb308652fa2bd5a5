import type { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import type { Database } from '../../api/src/database/database.js';

// "Bad input writes nothing": the action fails with `error` (naming `field` when given)
// and no row count in `tables` moves.
export async function expectNothingWritten(
  db: Database,
  tables: string[],
  action: () => Promise<unknown>,
  error: new (...args: never[]) => Error,
  field?: string,
): Promise<void> {
  const count = async () =>
    (await db.query(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`))[0] as Record<string, number>;
  const before = await count();
  const failure = await action().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(error);
  if (field) expect((failure as InvalidInputError).details.field).toBe(field);
  expect(await count()).toEqual(before);
}
