import { InvalidInputError } from '../common/errors/domain-error.js';
import { normalizeProcess } from '../designs/process-taxonomy.js';

export const MAX_OFFER_HOURS = 10_000;
export const MAX_OFFER_DAYS = 366;

export interface OfferInput {
  facilityId: string;
  federationId: string;
  process: string;
  hours: number;
  availableFrom?: Date | null;
  availableUntil: Date;
  note?: string | null;
}

export interface ParsedOffer {
  process: string;
  hours: number;
  availableFrom: Date;
  availableUntil: Date;
  note: string | null;
}

// Hours are stored with two decimals: more precision is refused rather than rounded away.
export function parseHours(field: string, hours: number, max = MAX_OFFER_HOURS): number {
  if (!Number.isFinite(hours) || hours <= 0 || hours > max)
    throw new InvalidInputError(field, `${field} must be more than 0 and at most ${max}.`, 'OUT_OF_RANGE');
  if (Math.abs(Math.round(hours * 100) - hours * 100) > 1e-6)
    throw new InvalidInputError(field, `${field} has at most two decimals.`, 'INVALID');
  return Math.round(hours * 100) / 100;
}

export function parseOffer(input: OfferInput, now = new Date()): ParsedOffer {
  const process = normalizeProcess(input.process ?? '');
  if (!process) throw new InvalidInputError('process', `Unknown process "${input.process}".`, 'UNKNOWN_PROCESS');
  const hours = parseHours('hours', input.hours);
  const from = input.availableFrom ?? now;
  const until = input.availableUntil;
  for (const [field, d] of [
    ['availableFrom', from],
    ['availableUntil', until],
  ] as const)
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidInputError(field, `${field} is not a date.`, 'INVALID');
  if (until.getTime() <= Math.max(from.getTime(), now.getTime()))
    throw new InvalidInputError('availableUntil', 'availableUntil must be after availableFrom and in the future.', 'INVALID');
  if (until.getTime() - from.getTime() > MAX_OFFER_DAYS * 86_400_000)
    throw new InvalidInputError('availableUntil', `An offer spans at most ${MAX_OFFER_DAYS} days.`, 'OUT_OF_RANGE');
  const note = input.note?.trim() ? input.note.trim() : null;
  if (note && note.length > 2000) throw new InvalidInputError('note', 'note is at most 2000 characters.', 'TOO_LONG');
  return { process: process.code, hours, availableFrom: from, availableUntil: until, note };
}
