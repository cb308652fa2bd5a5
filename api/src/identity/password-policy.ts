import { createRequire } from 'node:module';
import { InvalidInputError } from '../common/errors/domain-error.js';

// The common-password list comes with zxcvbn's other dictionaries (several MB once loaded), needed
// only when someone chooses a password: loaded then, not with the process.
const require = createRequire(import.meta.url);

// NIST SP 800-63B §5.1.1.2: length only (no composition rules), allow long
// passphrases and any Unicode, refuse passwords from breach/common lists and
// context-specific ones.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (common) return common;
  // ~49k most common passwords; only those long enough to pass the length rule matter, and only
  // they are kept: the module is dropped from the cache once read.
  const path = require.resolve('@zxcvbn-ts/language-common');
  const { dictionary } = require(path) as typeof import('@zxcvbn-ts/language-common');
  common = new Set(
    (dictionary['passwords-common'] as string[]).filter((p) => [...p].length >= MIN_PASSWORD_LENGTH - 2).map((p) => p.toLowerCase()),
  );
  delete require.cache[path];
  return common;
}

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export function checkPassword(password: string, context: { email?: string; name?: string } = {}): void {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new InvalidInputError('password', `Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, 'TOO_SHORT');
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new InvalidInputError('password', `Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`, 'TOO_LONG');
  }
  const lower = normalized.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/u.test(lower) || isSequence(lower)) {
    throw new InvalidInputError('password', 'This password is too common. Choose another, e.g. a few unrelated words.', 'COMMON');
  }
  const contextual = [context.email, context.email?.split('@')[0], context.name, 'cosmolocal']
    .filter((w): w is string => !!w && w.length >= 4)
    .map((w) => w.toLowerCase());
  if (contextual.some((w) => lower === w || lower.replace(/[^\p{L}\p{N}]/gu, '') === w.replace(/[^\p{L}\p{N}]/gu, ''))) {
    throw new InvalidInputError('password', 'Password must not be your email, your name or the site name.', 'CONTEXTUAL');
  }
}

// "abcdefghijklm", "123456789012"... (a run of consecutive characters)
function isSequence(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}
