import { InvalidInputError } from './errors/domain-error.js';

// Money is an integer count of minor units (cents, pence…) with an ISO 4217 code; never a float.
export interface MoneyInput {
  amountMinor: string;
  currency: string;
}

const MAX_MINOR = 2n ** 63n - 1n; // Postgres bigint
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));
export const isCurrency = (code: string): boolean => ISO_4217.has(code);

export function parseMoney(field: string, input: MoneyInput): { amountMinor: bigint; currency: string } {
  const amount = String(input.amountMinor ?? '').trim();
  if (!/^\d{1,19}$/.test(amount) || BigInt(amount) > MAX_MINOR) {
    throw new InvalidInputError(
      `${field}.amountMinor`,
      'amountMinor must be a whole, non-negative number of minor units (e.g. "1250" for 12.50).',
      'INVALID_AMOUNT',
    );
  }
  const currency = String(input.currency ?? '')
    .trim()
    .toUpperCase();
  if (!ISO_4217.has(currency))
    throw new InvalidInputError(`${field}.currency`, `"${input.currency}" is not an ISO 4217 currency code.`, 'UNKNOWN_CURRENCY');
  return { amountMinor: BigInt(amount), currency };
}

// The currency's exponent: 2 for EUR, 0 for JPY, 3 for KWD.
export function minorDigits(currency: string): number {
  let digits = EXPONENTS.get(currency);
  if (digits === undefined)
    EXPONENTS.set(
      currency,
      (digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2),
    );
  return digits;
}
// Building a NumberFormat costs far more than the lookup.
const EXPONENTS = new Map<string, number>();

// Minor units as a decimal string in the currency's own exponent ("12500" EUR → "125.00").
export function formatMinor(amountMinor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return amountMinor.toString();
  const negative = amountMinor < 0n;
  const abs = (negative ? -amountMinor : amountMinor).toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
