import type { INestApplicationContext } from '@nestjs/common';
import { Temporal as Polyfill } from '@js-temporal/polyfill';
import { randomUUID } from 'node:crypto';
import { Database } from '../../api/src/database/database.js';
import { Sql } from '../../api/src/database/sql.js';
import { PostgresKvStore } from '../../api/src/federation/postgres-kv.js';
import { createDomainContext } from '../support/context.js';

// The federation framework's key-value store on real Postgres: what it keeps survives the
// process (and a lost Redis), entries expire, compare-and-swap is atomic, prefixes list.
// Fedify's options are typed with the language's Temporal; at run time it is the polyfill's.
const ttl = (like: { milliseconds?: number; hours?: number }) => Polyfill.Duration.from(like) as unknown as Temporal.Duration;

let app: INestApplicationContext;
let kv: PostgresKvStore;
beforeAll(async () => {
  app = await createDomainContext();
  kv = new PostgresKvStore(app.get(Sql));
});
afterAll(() => app.close());

it('stores, reads, overwrites and deletes JSON values under array keys', async () => {
  const ns = randomUUID();
  expect(await kv.get([ns, 'doc'])).toBeUndefined();
  await kv.set([ns, 'doc'], { '@id': 'https://example.org/a', n: 1 });
  expect(await kv.get([ns, 'doc'])).toEqual({ '@id': 'https://example.org/a', n: 1 });
  await kv.set([ns, 'doc'], ['replaced']);
  expect(await kv.get([ns, 'doc'])).toEqual(['replaced']);
  // A fresh store over the same database (another process) reads the same state.
  expect(await new PostgresKvStore(app.get(Sql)).get([ns, 'doc'])).toEqual(['replaced']);
  await kv.delete([ns, 'doc']);
  expect(await kv.get([ns, 'doc'])).toBeUndefined();
});

it('lets an entry expire after its time to live', async () => {
  const ns = randomUUID();
  await kv.set([ns, 'short'], 1, { ttl: ttl({ milliseconds: 50 }) });
  await kv.set([ns, 'long'], 2, { ttl: ttl({ hours: 1 }) });
  await new Promise((r) => setTimeout(r, 120));
  expect(await kv.get([ns, 'short'])).toBeUndefined();
  expect(await kv.get([ns, 'long'])).toBe(2);
});

it('compares and swaps atomically: of concurrent claims on an absent key exactly one wins', async () => {
  const ns = randomUUID();
  const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.cas([ns, 'lock'], undefined, { by: i })));
  expect(wins.filter(Boolean)).toHaveLength(1);
  const holder = (await kv.get<{ by: number }>([ns, 'lock']))!;
  expect(await kv.cas([ns, 'lock'], { by: -1 }, { by: 99 })).toBe(false);
  expect(await kv.cas([ns, 'lock'], holder, { by: 99 })).toBe(true);
  expect(await kv.get([ns, 'lock'])).toEqual({ by: 99 });
});

it('lists the live entries under a prefix, and only those', async () => {
  const ns = randomUUID();
  await kv.set([ns, 'a', '1'], 1);
  await kv.set([ns, 'a', '2'], 2);
  await kv.set([ns, 'b', '1'], 3);
  await kv.set([ns, 'a', '3'], 4, { ttl: ttl({ milliseconds: 1 }) });
  await new Promise((r) => setTimeout(r, 20));
  const listed = [];
  for await (const e of kv.list([ns, 'a'])) listed.push(e);
  expect(listed).toEqual([
    { key: [ns, 'a', '1'], value: 1 },
    { key: [ns, 'a', '2'], value: 2 },
  ]);
  const rows = await app.get(Database).query('SELECT count(*)::int AS n FROM federation_kv WHERE key[1] = $1', [ns]);
  expect(rows[0].n).toBe(4);
});
