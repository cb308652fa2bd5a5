import { randomBytes } from 'node:crypto';
import { DID } from 'dids';
import { Ed25519Provider } from 'key-did-provider-ed25519';
import { getResolver } from 'key-did-resolver';
import { didKeyFromPublicKey, generateEd25519, publicKeyFromDidKey, publicKeyFromSeed, signEd25519, verifyEd25519 } from './did-key.js';

describe('did:key (Ed25519)', () => {
  it('derives the same DID as the reference did:key provider', async () => {
    const seed = randomBytes(32);
    const did = new DID({ provider: new Ed25519Provider(seed), resolver: getResolver() });
    await did.authenticate();
    expect(didKeyFromPublicKey(publicKeyFromSeed(seed))).toBe(did.id);
  });

  it('produces signatures the reference stack verifies', async () => {
    const { seed } = generateEd25519();
    const did = new DID({ provider: new Ed25519Provider(seed), resolver: getResolver() });
    await did.authenticate();
    const jws = await did.createJWS({ hello: 'cosmolocal' });
    const sig = jws.signatures[0]!;
    const signingInput = new TextEncoder().encode(`${sig.protected}.${jws.payload}`);
    expect(verifyEd25519(publicKeyFromDidKey(did.id), signingInput, Buffer.from(sig.signature, 'base64url'))).toBe(true);
  });

  it('round-trips a public key and rejects non-Ed25519 identifiers', () => {
    const { seed, publicKey } = generateEd25519();
    const did = didKeyFromPublicKey(publicKey);
    expect(did).toMatch(/^did:key:z6Mk/);
    expect(Buffer.from(publicKeyFromDidKey(did))).toEqual(Buffer.from(publicKey));
    const message = new TextEncoder().encode('record');
    expect(verifyEd25519(publicKey, message, signEd25519(seed, message))).toBe(true);
    // A secp256k1 did:key (multicodec 0xe7).
    expect(() => publicKeyFromDidKey('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).toThrow(/not an Ed25519/);
    expect(() => publicKeyFromDidKey('did:web:example.org')).toThrow(/not a did:key/);
  });
});
