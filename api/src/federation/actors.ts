import type { JsonWebKey } from 'node:crypto';
import { publicKeyFromDidKey } from '../keys/did-key.js';

// Who an actor is on this instance. One path serves them all (/ap/actors/{identifier}): the
// instance itself ('instance', an Application), an organization (its id, a Group, found by its
// handle through WebFinger) or a person (an account id, a Person).
export const INSTANCE_ACTOR = 'instance';
export const ACTOR_PATH = '/ap/actors/{identifier}';
export const INBOX_PATH = '/ap/actors/{identifier}/inbox';
export const OUTBOX_PATH = '/ap/actors/{identifier}/outbox';
export const SHARED_INBOX_PATH = '/ap/inbox';
export const NODEINFO_PATH = '/nodeinfo/2.1';

// The key names the RSA key pair of an actor is kept under (keys module).
export const rsaKeyName = (kind: 'organization' | 'account' | 'instance', id?: string) =>
  kind === 'instance' ? 'instance' : `${kind}:${id}`;

// An Ed25519 did:key as Web Crypto keys (JWK, RFC 8037): the private one from its 32-byte seed.
export function ed25519Jwks(did: string, seed: Uint8Array): { publicJwk: JsonWebKey; privateJwk: JsonWebKey } {
  const x = Buffer.from(publicKeyFromDidKey(did)).toString('base64url');
  return {
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x },
    privateJwk: { kty: 'OKP', crv: 'Ed25519', x, d: Buffer.from(seed).toString('base64url') },
  };
}
