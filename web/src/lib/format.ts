// Minor units as a decimal amount in the currency's own exponent, e.g. 12500 EUR → "125.00 €".
export function money(amountMinor: string | bigint, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const n = BigInt(amountMinor);
  const negative = n < 0n;
  const abs = (negative ? -n : n).toString().padStart(digits + 1, '0');
  const whole = digits ? abs.slice(0, -digits) : abs;
  const fraction = digits ? `.${abs.slice(-digits)}` : '';
  return `${negative ? '−' : ''}${Number(whole).toLocaleString('en')}${fraction} ${currency}`;
}

export const date = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' }) : '—');
export const dateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const shortCid = (cid: string) => (cid.length > 16 ? `${cid.slice(0, 8)}…${cid.slice(-6)}` : cid);
export const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);

// "125.5" EUR → "12550": decimal text to whole minor units, exactly (no floating point).
export function toMinor(value: string, currency: string): string | null {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  return BigInt(m[1]! + (m[2] ?? '').padEnd(digits, '0')).toString();
}

export const fromMinor = (amountMinor: string, currency: string): string => money(amountMinor, currency).replace(/[^\d.]/g, '');
