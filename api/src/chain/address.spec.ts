import { getAddress, isAddress as viemIsAddress } from 'viem';
import { checksumAddress, isAddress } from './address.js';

describe('checksumAddress', () => {
  // EIP-55's own examples, given in lower case.
  it.each([
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ])('checksums %s as EIP-55 does', (expected) => {
    expect(checksumAddress(expected.toLowerCase())).toBe(expected);
    expect(checksumAddress(expected.toUpperCase().replace('0X', '0x'))).toBe(expected);
  });

  it('agrees with viem on random addresses', () => {
    for (let n = 0; n < 200; n++) {
      const address = `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(20))).toString('hex')}`;
      expect(checksumAddress(address)).toBe(getAddress(address));
    }
  });

  it.each(['', '0x', '0x123', `0x${'g'.repeat(40)}`, `${'a'.repeat(42)}`, `0x${'a'.repeat(41)}`])('refuses %p as viem does', (bad) => {
    expect(isAddress(bad)).toBe(false);
    expect(viemIsAddress(bad, { strict: false })).toBe(false);
    expect(() => checksumAddress(bad)).toThrow(/is invalid/);
  });
});
