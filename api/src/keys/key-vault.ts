import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Private keys are stored encrypted with AES-256-GCM under a key derived from
// KEY_ENCRYPTION_SECRET; the DID is bound as associated data so a ciphertext
// cannot be swapped onto another agent's row.
const NONCE = 12;
const TAG = 16;

export class KeyVault {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'cosmolocal/agent-keys', 'aes-256-gcm v1', 32));
  }

  seal(plaintext: Uint8Array, boundTo: string): Buffer {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  }

  open(sealed: Uint8Array, boundTo: string): Buffer {
    const buf = Buffer.from(sealed);
    if (buf.length < NONCE + TAG) throw new Error('sealed key is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(buf.subarray(buf.length - TAG));
    return Buffer.concat([decipher.update(buf.subarray(NONCE, buf.length - TAG)), decipher.final()]);
  }
}
