import { Injectable } from '@nestjs/common';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

export interface StoredAgentKey {
  did: string;
  publicKey: Uint8Array;
  encryptedSecret: Uint8Array;
}

@Injectable()
export class KeysRepository {
  constructor(private readonly sql: Sql) {}

  async insert(key: StoredAgentKey, tx?: Tx): Promise<void> {
    await this.sql.run(
      db.insertInto('agent_keys').values({
        did: key.did,
        public_key: Buffer.from(key.publicKey),
        encrypted_secret: Buffer.from(key.encryptedSecret),
        created_at: new Date(),
      }),
      tx,
    );
  }

  async find(did: string, tx?: Tx): Promise<StoredAgentKey | null> {
    const row = await this.sql.first(
      db.selectFrom('agent_keys').select(['did', 'public_key', 'encrypted_secret']).where('did', '=', did),
      tx,
    );
    return row ? { did: row.did, publicKey: row.public_key, encryptedSecret: row.encrypted_secret } : null;
  }
}
