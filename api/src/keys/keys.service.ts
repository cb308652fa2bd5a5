import { generateKeyPair, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
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
const SEED_CACHE_SIZE = 1000;

@Injectable()
export class KeysService {
  private readonly vault: KeyVault;
  // A did:key's key pair never changes, so opened seeds are kept (bounded, least recently used
  // first out): a distribution signs a chain of records with one co-op key. The process holds the
  // vault's secret anyway, so this widens nothing.
  private readonly seeds = new Map<string, Uint8Array>();

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
    const cached = this.seeds.get(did);
    if (cached) {
      this.seeds.delete(did);
      this.seeds.set(did, cached);
      return cached;
    }
    const row = await this.keys.find(did, tx);
    if (!row) throw new NotFoundError('Key', did);
    const seed = this.vault.open(row.encryptedSecret, did);
    this.seeds.set(did, seed);
    if (this.seeds.size > SEED_CACHE_SIZE) this.seeds.delete(this.seeds.keys().next().value!);
    return seed;
  }

  // An actor's RSA-2048 key pair for HTTP signatures (RSASSA-PKCS1-v1_5, SHA-256), made on first use
  // and kept sealed; `actor` names it (organization:<id>, account:<id>, instance).
  async rsaKeyPairFor(actor: string): Promise<{ publicJwk: JsonWebKey; privateJwk: JsonWebKey }> {
    const stored = await this.keys.findRsa(actor);
    if (stored) return { publicJwk: stored.publicJwk, privateJwk: this.openJwk(stored.encryptedPrivateJwk, actor) };
    // Generated off the event loop (a 2048-bit pair takes tens of milliseconds).
    const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    // RS256: RSASSA-PKCS1-v1_5 with SHA-256, as HTTP Signatures (draft-cavage, RFC 9421) use it.
    const publicJwk: JsonWebKey = { ...publicKey.export({ format: 'jwk' }), alg: 'RS256' };
    const privateJwk: JsonWebKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256' };
    await this.keys.insertRsa(actor, publicJwk, this.vault.seal(Buffer.from(JSON.stringify(privateJwk)), `rsa:${actor}`));
    const kept = (await this.keys.findRsa(actor))!;
    return { publicJwk: kept.publicJwk, privateJwk: this.openJwk(kept.encryptedPrivateJwk, actor) };
  }

  private openJwk(sealed: Uint8Array, actor: string): JsonWebKey {
    return JSON.parse(this.vault.open(sealed, `rsa:${actor}`).toString('utf8')) as JsonWebKey;
  }
}
