import { randomBytes } from 'node:crypto';
import { KeyVault } from './key-vault.js';

describe('KeyVault', () => {
  const vault = new KeyVault('a-secret-that-is-long-enough-0123456789');
  const seed = randomBytes(32);

  it('opens what it sealed', () => {
    expect(vault.open(vault.seal(seed, 'did:key:zA'), 'did:key:zA')).toEqual(seed);
  });

  it('never stores the key in the clear', () => {
    expect(vault.seal(seed, 'did:key:zA').includes(seed)).toBe(false);
  });

  it('refuses a ciphertext moved to another DID', () => {
    expect(() => vault.open(vault.seal(seed, 'did:key:zA'), 'did:key:zB')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = vault.seal(seed, 'did:key:zA');
    sealed[20] ^= 1;
    expect(() => vault.open(sealed, 'did:key:zA')).toThrow();
  });

  it('refuses another secret', () => {
    const other = new KeyVault('another-secret-that-is-long-enough-0123');
    expect(() => other.open(vault.seal(seed, 'did:key:zA'), 'did:key:zA')).toThrow();
  });
});
