import { InvalidInputError } from '../common/errors/domain-error.js';
import { checkPassword } from './password-policy.js';

function reason(password: string, context = {}): string | undefined {
  try {
    checkPassword(password, context);
    return undefined;
  } catch (err) {
    if (err instanceof InvalidInputError) return String(err.details.reason);
    throw err;
  }
}

describe('password policy (NIST SP 800-63B)', () => {
  it('refuses fewer than 12 characters', () => {
    expect(reason('eleven chr!')).toBe('TOO_SHORT');
  });

  it('counts characters, not bytes', () => {
    // 12 code points, far more than 12 bytes in UTF-8.
    expect(reason('ñandú🦤ñandú🦤')).toBeUndefined();
    expect(reason('🦤'.repeat(12))).toBe('COMMON');
    expect(reason('🦤'.repeat(11))).toBe('TOO_SHORT');
  });

  it('imposes no composition rules', () => {
    expect(reason('plain lowercase words only')).toBeUndefined();
  });

  it('refuses common passwords regardless of case', () => {
    expect(reason('password1234')).toBe('COMMON');
    expect(reason('PASSWORD1234')).toBe('COMMON');
    expect(reason('aaaaaaaaaaaaaa')).toBe('COMMON');
    expect(reason('abcdefghijklmn')).toBe('COMMON');
    expect(reason('123456789012')).toBe('COMMON');
  });

  it('refuses the email, its local part and the name', () => {
    expect(reason('maria.gonzalez@example.org', { email: 'maria.gonzalez@example.org' })).toBe('CONTEXTUAL');
    expect(reason('maria.gonzalez', { email: 'maria.gonzalez@example.org' })).toBe('CONTEXTUAL');
    expect(reason('Maria Gonzalez Lopez', { name: 'maria gonzalez lopez' })).toBe('CONTEXTUAL');
  });

  it('accepts long passphrases', () => {
    expect(reason('a'.repeat(3) + ' correct horse battery staple '.repeat(5))).toBeUndefined();
    expect(reason('x'.repeat(257))).toBe('TOO_LONG');
  });
});
