// A currency's exponent (2 for EUR, 0 for JPY, 3 for KWD), or null for what is not a currency code.
const exponents = new Map<string, number | null>();
export function currencyDigits(currency: string): number | null {
  if (!exponents.has(currency)) {
    let digits: number | null = null;
    try {
      if (/^[A-Z]{3}$/.test(currency))
        digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = null; // a well-formed code Intl does not know
    }
    exponents.set(currency, digits);
  }
  return exponents.get(currency)!;
}

// Minor units as a decimal amount in the currency's own exponent, e.g. 12500 EUR → "125.00 EUR".
export function money(amountMinor: string | bigint, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  const n = BigInt(amountMinor);
  const negative = n < 0n;
  const abs = (negative ? -n : n).toString().padStart(digits + 1, '0');
  const whole = digits ? abs.slice(0, -digits) : abs;
  const fraction = digits ? `.${abs.slice(-digits)}` : '';
  return `${negative ? '−' : ''}${BigInt(whole).toLocaleString('en')}${fraction} ${currency}`;
}

export const date = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' }) : '—';
export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
export const shortCid = (cid: string) => (cid.length > 16 ? `${cid.slice(0, 8)}…${cid.slice(-6)}` : cid);
export const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;

// "125.5" EUR → "12550": decimal text to whole minor units, exactly (no floating point); null
// when it is not an amount in that currency (or the currency is not one).
export function toMinor(value: string, currency: string): string | null {
  const digits = currencyDigits(currency);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (digits === null || !m || (m[2] ?? '').length > digits) return null;
  return BigInt(m[1]! + (m[2] ?? '').padEnd(digits, '0')).toString();
}

// What a money field holds, for a form: the exact minor units, or what to tell the person.
export function readAmount(
  value: string,
  rawCurrency: string,
): { amountMinor: string; currency: string } | { error: string; field: 'amount' | 'currency' } {
  const currency = rawCurrency.trim().toUpperCase();
  if (currencyDigits(currency) === null) return { error: `“${rawCurrency}” is not a currency code (e.g. EUR).`, field: 'currency' };
  const amountMinor = toMinor(value, currency);
  const digits = currencyDigits(currency)!;
  if (amountMinor === null)
    return { error: `The amount is in ${currency}, e.g. ${digits ? `120.${'5'.padEnd(digits, '0')}` : '120'}.`, field: 'amount' };
  return { amountMinor, currency };
}

// An enum value for people: IN_PRODUCTION → "in production".
export const label = (value: string) => value.toLowerCase().replace(/_/g, ' ');

export const fromMinor = (amountMinor: string, currency: string): string => money(amountMinor, currency).replace(/[^\d.]/g, '');

// A count that may have stopped at a bound: 1000 capped → "1,000+".
export const count = (n: number, capped = false) => `${n.toLocaleString('en')}${capped ? '+' : ''}`;
