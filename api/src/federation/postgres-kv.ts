import { Injectable } from '@nestjs/common';
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import { db, dbNow, Sql } from '../database/sql.js';
import { sql } from 'kysely';

// A key is a text[]: compared as one array parameter.
const keyIs = (key: readonly string[]) => sql<boolean>`key = ${[...key]}::text[]`;

// The federation framework's key-value state in Postgres (federation_kv): cached remote documents
// and keys, and the activities already handled, so that none of it is lost with Redis. An entry
// past its time to live reads as absent and is swept on write.
@Injectable()
export class PostgresKvStore implements KvStore {
  private writes = 0;

  constructor(private readonly sql: Sql) {}

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.sql.first(
      db
        .selectFrom('federation_kv')
        .select('value')
        .where(keyIs(key))
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', dbNow())])),
    );
    return row ? (row.value as T) : undefined;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttlMs = options?.ttl ? options.ttl.total('millisecond') : null;
    const expires = ttlMs === null ? null : new Date(Date.now() + ttlMs);
    await this.sql.run(
      db
        .insertInto('federation_kv')
        .values({ key: [...key], value: JSON.stringify(value), expires_at: expires })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), expires_at: expires })),
    );
    if (++this.writes % 500 === 0) await this.sql.run(db.deleteFrom('federation_kv').where('expires_at', '<', dbNow()));
  }

  async delete(key: KvKey): Promise<void> {
    await this.sql.run(db.deleteFrom('federation_kv').where(keyIs(key)));
  }

  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const ttlMs = options?.ttl ? options.ttl.total('millisecond') : null;
    const expires = ttlMs === null ? null : new Date(Date.now() + ttlMs);
    const k = [...key];
    if (expectedValue === undefined) {
      const row = await this.sql.first(
        db
          .insertInto('federation_kv')
          .values({ key: k, value: JSON.stringify(newValue), expires_at: expires })
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet({ value: JSON.stringify(newValue), expires_at: expires })
              .where('federation_kv.expires_at', '<=', dbNow()),
          )
          .returning('key'),
      );
      return !!row;
    }
    const row = await this.sql.first(
      db
        .updateTable('federation_kv')
        .set({ value: JSON.stringify(newValue), expires_at: expires })
        .where(keyIs(k))
        .where(sql<boolean>`value = ${JSON.stringify(expectedValue)}::jsonb`)
        .returning('key'),
    );
    return !!row;
  }

  async *list(prefix: KvKey = [] as unknown as KvKey): AsyncIterable<KvStoreListEntry> {
    const p = [...prefix];
    const rows = await this.sql.all(
      db
        .selectFrom('federation_kv')
        .select(['key', 'value'])
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', dbNow())]))
        .where(sql<boolean>`key[1:${p.length}] = ${p}::text[]`)
        .orderBy('key'),
    );
    for (const r of rows) yield { key: r.key as unknown as KvKey, value: r.value };
  }
}
