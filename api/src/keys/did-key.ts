import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { base58btc } from 'multiformats/bases/base58';

// did:key for Ed25519: multicodec ed25519-pub (0xed 0x01) + raw public key, base58btc.
const ED25519_PUB_PREFIX = Uint8Array.of(0xed, 0x01);

export interface Ed25519KeyPair {
  seed: Uint8Array; // 32-byte private seed (what did:key providers take)
  publicKey: Uint8Array; // 32-byte raw public key
}

export function generateEd25519(): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { seed: Buffer.from(jwk.d!, 'base64url'), publicKey: Buffer.from(jwk.x!, 'base64url') };
}

export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  const jwk = createPublicKey(privateKeyObject(seed)).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new Error('Ed25519 public keys are 32 bytes');
  const bytes = new Uint8Array(34);
  bytes.set(ED25519_PUB_PREFIX, 0);
  bytes.set(publicKey, 2);
  return `did:key:${base58btc.encode(bytes)}`;
}

export function publicKeyFromDidKey(did: string): Uint8Array {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!match) throw new Error(`not a did:key: ${did}`);
  const bytes = base58btc.decode(match[1]!);
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Error('did:key is not an Ed25519 key');
  return bytes.slice(2);
}

// Building a KeyObject costs ten times the signature; one seed buffer signing many records (a
// chain of payout records) builds it once. Keyed by the buffer itself, so nothing is copied.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

export function signEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  let key = keyObjects.get(seed);
  if (!key) keyObjects.set(seed, (key = privateKeyObject(seed)));
  return sign(null, message, key);
}

export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
    format: 'jwk',
  });
  return verify(null, message, key, signature);
}

function privateKeyObject(seed: Uint8Array) {
  // Node derives x from d when importing a private JWK only through PKCS#8, so build that.
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}
