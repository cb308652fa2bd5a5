import { InvalidInputError } from '../common/errors/domain-error.js';
import { parseAction, parseDid, parseEffortHours, parseOccurredAt, MANUAL_ACTIONS } from './manual-input.js';

describe('hand-recorded contribution input', () => {
  it('normalises hours to two decimals and refuses floats, zero and too much', () => {
    expect(parseEffortHours('2.5')).toBe('2.50');
    expect(parseEffortHours(' 10 ')).toBe('10.00');
    expect(parseEffortHours(null)).toBeNull();
    for (const bad of ['0', '0.00', '1.234', '-1', '1e3', '1001', 'two']) expect(() => parseEffortHours(bad)).toThrow(InvalidInputError);
  });

  it('accepts only the actions people may record by hand', () => {
    expect(parseAction('work', MANUAL_ACTIONS)).toBe('work');
    expect(() => parseAction('accept', MANUAL_ACTIONS)).toThrow(/not one of/);
  });

  it('refuses dates in the future but allows a little clock skew', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(parseOccurredAt(new Date('2026-11-21T12:03:00Z'), now).toISOString()).toBe('2026-11-21T12:03:00.000Z');
    expect(() => parseOccurredAt(new Date('2026-11-21T13:00:00Z'), now)).toThrow(InvalidInputError);
    expect(parseOccurredAt(undefined, now)).toBe(now);
  });

  it('accepts did:key identifiers only', () => {
    expect(parseDid('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')).toMatch(/^did:key:/);
    for (const bad of ['did:web:example.org', 'z6Mk', 'did:key:0OIl']) expect(() => parseDid(bad)).toThrow(InvalidInputError);
  });
});
