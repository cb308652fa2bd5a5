// Narrowing a stored value to a domain type, checked: the database's CHECK constraints keep these
// true, so a failure here means the schema and the code disagree, and it fails loudly.
export function oneOf<T extends string>(allowed: readonly T[], value: string, column: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${column} holds ${JSON.stringify(value)}, which is not one of ${allowed.join(', ')}`);
}

export function jsonObject(value: unknown, column: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new Error(`${column} does not hold a JSON object`);
}

// A hex string as viem types it (addresses, hashes, signed transactions).
export function hex(value: string, column: string): `0x${string}` {
  if (/^0x[0-9a-fA-F]*$/.test(value)) return value as `0x${string}`;
  throw new Error(`${column} holds ${JSON.stringify(value)}, which is not hex`);
}

// A value the rows read are known to have (e.g. set in the same statement as the column filtered on).
export function present<T>(value: T | null, column: string): T {
  if (value !== null) return value;
  throw new Error(`${column} is unexpectedly null`);
}
