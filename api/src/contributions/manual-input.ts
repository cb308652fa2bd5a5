import { InvalidInputError } from '../common/errors/domain-error.js';
import { CONTRIBUTION_ACTIONS, type ContributionAction } from './record-codec.js';
import { ANCHOR_STATUSES, type AnchorStatus } from './contributions.types.js';
import { centsOfHours, hoursFromCents } from './hours.js';

// Checks on what people submit by hand; everything here throws before anything is written.

export const MANUAL_ACTIONS: readonly ContributionAction[] = ['work', 'deliverService', 'modify', 'cite', 'produce'];
const MAX_HOURS = 1000;
// A little slack for clocks that run ahead.
const FUTURE_SLACK_MS = 5 * 60 * 1000;

export function parseAction(
  raw: string,
  allowed: readonly ContributionAction[] = CONTRIBUTION_ACTIONS,
  field = 'action',
): ContributionAction {
  const action = allowed.find((a) => a === raw.trim());
  if (!action) throw new InvalidInputError(field, `"${raw.slice(0, 40)}" is not one of ${allowed.join(', ')}.`, 'UNKNOWN_ACTION');
  return action;
}

export function parseAnchorStatus(raw: string): AnchorStatus {
  const status = ANCHOR_STATUSES.find((s) => s === raw.trim().toUpperCase());
  if (!status)
    throw new InvalidInputError('status', `"${raw.slice(0, 40)}" is not one of ${ANCHOR_STATUSES.join(', ')}.`, 'UNKNOWN_STATUS');
  return status;
}

export function parseEffortHours(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const value = raw.trim();
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(value))
    throw new InvalidInputError('effortHours', 'Give hours as a decimal with at most two decimals, e.g. "2.5".', 'INVALID_DECIMAL');
  const cents = centsOfHours(value);
  if (cents <= 0 || cents > MAX_HOURS * 100)
    throw new InvalidInputError('effortHours', `Hours must be more than 0 and at most ${MAX_HOURS}.`, 'OUT_OF_RANGE');
  return hoursFromCents(cents);
}

export function parseNote(raw: string): string {
  const note = raw.trim();
  if (note.length < 3 || note.length > 2000)
    throw new InvalidInputError('note', 'Describe the contribution in 3 to 2000 characters.', 'OUT_OF_RANGE');
  return note;
}

export function parseOccurredAt(raw: Date | null | undefined, now: Date): Date {
  if (!raw) return now;
  if (Number.isNaN(raw.getTime())) throw new InvalidInputError('occurredAt', 'occurredAt is not a date.', 'INVALID_DATE');
  if (raw.getTime() > now.getTime() + FUTURE_SLACK_MS)
    throw new InvalidInputError('occurredAt', 'A contribution cannot be in the future.', 'IN_FUTURE');
  return raw;
}

const DID_KEY = /^did:key:z[1-9A-HJ-NP-Za-km-z]{40,60}$/;
export function parseDid(raw: string, field = 'agent'): string {
  const did = raw.trim();
  if (!DID_KEY.test(did)) throw new InvalidInputError(field, `"${did.slice(0, 80)}" is not a did:key.`, 'INVALID_DID');
  return did;
}
