import { InvalidInputError } from './errors/domain-error.js';
import { formatMinor, parseMoney } from './money.js';

describe('money', () => {
  it('reads whole minor units and ISO 4217 codes only', () => {
    expect(parseMoney('amount', { amountMinor: ' 1250 ', currency: 'eur' })).toEqual({ amountMinor: 1250n, currency: 'EUR' });
    for (const bad of [
      { amountMinor: '12.50', currency: 'EUR' },
      { amountMinor: '-1', currency: 'EUR' },
      { amountMinor: '1', currency: 'EURO' },
      { amountMinor: '1e3', currency: 'EUR' },
    ]) {
      expect(() => parseMoney('amount', bad)).toThrow(InvalidInputError);
    }
  });

  it('writes minor units in the currency’s own exponent', () => {
    expect(formatMinor(12500n, 'EUR')).toBe('125.00');
    expect(formatMinor(5n, 'EUR')).toBe('0.05');
    expect(formatMinor(-1999n, 'GBP')).toBe('-19.99');
    expect(formatMinor(500n, 'JPY')).toBe('500');
    expect(formatMinor(1234n, 'BHD')).toBe('1.234');
  });
});
