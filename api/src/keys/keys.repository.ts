import type { JsonWebKey } from 'node:crypto';
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

  // An actor's RSA key pair (ActivityPub HTTP signatures): the public JWK, the sealed private JWK.
  async findRsa(actor: string, tx?: Tx): Promise<{ publicJwk: JsonWebKey; encryptedPrivateJwk: Uint8Array } | null> {
    const row = await this.sql.first(
      db.selectFrom('actor_rsa_keys').select(['public_jwk', 'encrypted_private_jwk']).where('actor', '=', actor),
      tx,
    );
    return row ? { publicJwk: row.public_jwk as JsonWebKey, encryptedPrivateJwk: row.encrypted_private_jwk } : null;
  }

  // First writer wins: a concurrent request that generated another pair reads the stored one.
  async insertRsa(actor: string, publicJwk: JsonWebKey, encryptedPrivateJwk: Uint8Array): Promise<void> {
    await this.sql.run(
      db
        .insertInto('actor_rsa_keys')
        .values({ actor, public_jwk: JSON.stringify(publicJwk), encrypted_private_jwk: Buffer.from(encryptedPrivateJwk) })
        .onConflict((oc) => oc.column('actor').doNothing()),
    );
  }
}
