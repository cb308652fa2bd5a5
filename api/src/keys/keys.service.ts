import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Tx } from '../database/transaction.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { didKeyFromPublicKey, generateEd25519 } from './did-key.js';
import { KeyVault } from './key-vault.js';
import { KeysRepository } from './keys.repository.js';

// Custodial did:key identities for accounts and organizations. Later modules
// sign records with `seedFor(did)`; the seed never leaves the process unencrypted.
@Injectable()
export class KeysService {
  private readonly vault: KeyVault;

  constructor(
    private readonly keys: KeysRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.vault = new KeyVault(config.auth.keyEncryptionSecret);
  }

  async createAgentKey(tx: Tx): Promise<string> {
    const pair = generateEd25519();
    const did = didKeyFromPublicKey(pair.publicKey);
    await this.keys.insert({ did, publicKey: pair.publicKey, encryptedSecret: this.vault.seal(pair.seed, did) }, tx);
    return did;
  }

  // Pass `tx` inside a transaction (e.g. a domain event handler) so the lookup uses it.
  async seedFor(did: string, tx?: Tx): Promise<Uint8Array> {
    const row = await this.keys.find(did, tx);
    if (!row) throw new NotFoundError('Key', did);
    return this.vault.open(row.encryptedSecret, did);
  }
}
