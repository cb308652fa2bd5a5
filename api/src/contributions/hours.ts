// Effort in records and summaries: hours as decimal strings with two places, computed in whole
// hundredths so no float ever reaches a record.
export function hoursFromCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function centsOfHours(hours: string): number {
  const [whole, frac = ''] = hours.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
}
