import { InvalidInputError } from '../common/errors/domain-error.js';

// Pragmatic check (RFC 5321 lengths, one @, a dotted domain); the real proof
// of an address is a confirmation mail, not a regex.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.split('@')[0]!.length > 64) {
    throw new InvalidInputError('email', `"${raw.slice(0, 100)}" is not a valid email address.`, 'MALFORMED_EMAIL');
  }
  return email;
}
