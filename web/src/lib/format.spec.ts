import { count, fromMinor, money, toMinor } from './format';
import { match } from './match';

describe('money in the web app', () => {
  it('reads amounts people type into exact minor units, in the currency’s own exponent', () => {
    expect(toMinor('120.50', 'EUR')).toBe('12050');
    expect(toMinor('120.5', 'EUR')).toBe('12050');
    expect(toMinor('120', 'EUR')).toBe('12000');
    expect(toMinor('0.07', 'EUR')).toBe('7');
    expect(toMinor('1500', 'JPY')).toBe('1500');
    expect(toMinor('1.234', 'KWD')).toBe('1234');
    // Never a float: 0.1 + 0.2 stays exact, and big amounts keep every digit.
    expect(toMinor('92233720368547758.07', 'EUR')).toBe('9223372036854775807');
  });

  it('refuses what is not an amount in that currency', () => {
    expect(toMinor('12.345', 'EUR')).toBeNull();
    expect(toMinor('1.5', 'JPY')).toBeNull();
    expect(toMinor('-3', 'EUR')).toBeNull();
    expect(toMinor('1e3', 'EUR')).toBeNull();
    expect(toMinor('', 'EUR')).toBeNull();
  });

  it('shows minor units as amounts and reads them back', () => {
    expect(money('12050', 'EUR')).toBe('120.50 EUR');
    expect(money('123456789', 'EUR')).toBe('1,234,567.89 EUR');
    expect(money('-5', 'EUR')).toBe('−0.05 EUR');
    expect(money('1500', 'JPY')).toBe('1,500 JPY');
    expect(fromMinor('12050', 'EUR')).toBe('120.50');
    expect(toMinor(fromMinor('123456789', 'EUR'), 'EUR')).toBe('123456789');
  });
});

describe('routes', () => {
  it('matches a path to its pattern and decodes its parameters', () => {
    expect(match('/designs/:id', '/designs/abc')).toEqual({ id: 'abc' });
    expect(match('/designs/:id', '/designs/a%20b/')).toEqual({ id: 'a b' });
    expect(match('/designs/:id', '/designs')).toBeNull();
    expect(match('/requests/:id', '/designs/abc')).toBeNull();
    expect(match('/', '/')).toEqual({});
  });
});

describe('counts in the web app', () => {
  it('marks a count that stopped at its bound', () => {
    expect(count(7)).toBe('7');
    expect(count(1000)).toBe('1,000');
    expect(count(1000, true)).toBe('1,000+');
  });
});
