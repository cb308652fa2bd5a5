import { createRequire } from 'node:module';

// EIP-55 checksummed addresses without viem: only Keccak-256 is needed, from @noble/hashes (the
// hash library viem itself uses), loaded on the first address to checksum, so a process that
// names no wallet loads neither.
const require = createRequire(import.meta.url);
let keccak: ((input: Uint8Array) => Uint8Array) | undefined;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

// viem's isAddress(address, { strict: false }): 20 bytes of hex, any case.
export function isAddress(address: string): address is `0x${string}` {
  return ADDRESS.test(address);
}

// viem's getAddress: the address with EIP-55's mixed-case checksum; any case in, as viem takes it.
export function checksumAddress(address: string): `0x${string}` {
  if (!isAddress(address)) throw new Error(`Address "${address}" is invalid.`);
  keccak ??= (require('@noble/hashes/sha3') as typeof import('@noble/hashes/sha3')).keccak_256;
  const hex = address.slice(2).toLowerCase();
  const hash = keccak(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 ? 0 : 4)) & 0x0f;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i];
  }
  return out as `0x${string}`;
}
