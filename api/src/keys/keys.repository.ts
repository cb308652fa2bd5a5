import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../database/transaction.js';
import { AgentKeyEntity } from './agent-key.entity.js';

@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(key: { did: string; publicKey: Uint8Array; encryptedSecret: Uint8Array }, tx?: Tx): Promise<void> {
    await managerOf(this.dataSource, tx).insert(AgentKeyEntity, {
      did: key.did,
      publicKey: Buffer.from(key.publicKey),
      encryptedSecret: Buffer.from(key.encryptedSecret),
      createdAt: new Date(),
    });
  }

  async find(did: string, tx?: Tx): Promise<{ did: string; publicKey: Uint8Array; encryptedSecret: Uint8Array } | null> {
    const row = await managerOf(this.dataSource, tx).findOneBy(AgentKeyEntity, { did });
    return row ? { did: row.did, publicKey: row.publicKey, encryptedSecret: row.encryptedSecret } : null;
  }
}
