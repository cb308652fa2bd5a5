import { InvalidInputError } from '../../common/errors/domain-error.js';

// An organization's matching rules, set by its members through a MATCHING_POLICY_CHANGE proposal
// and applied to its own facilities and members: over which window their reliability is counted
// and what it is held to, how far a new facility may go before it has a record, and whether a
// member may claim a job they requested themselves.
export interface MatchingPolicy {
  // The last `windowJobs` jobs delivered (or overdue) within `windowDays` days.
  windowDays: number;
  windowJobs: number;
  // Share of jobs delivered by their due date, and accepted on first delivery, a facility is held to.
  onTimeTarget: number;
  firstDeliveryTarget: number;
  // Until a facility has this many accepted jobs, it claims no job of more than probationMaxQuantity units.
  probationJobs: number;
  probationMaxQuantity: number;
  // Whether a member may claim, for a facility of the organization, a job they requested.
  allowOwnRequests: boolean;
}

// The defaults of an organization that has voted no policy. The on-time target follows the 95 %
// on-time rule marketplaces such as Xometry hold their suppliers to; a year and fifty jobs keep a
// few old jobs from outweighing recent work; three jobs of at most ten units let a new facility
// prove itself on small orders.
export const DEFAULT_MATCHING_POLICY: Readonly<MatchingPolicy> = {
  windowDays: 365,
  windowJobs: 50,
  onTimeTarget: 0.95,
  firstDeliveryTarget: 0.9,
  probationJobs: 3,
  probationMaxQuantity: 10,
  allowOwnRequests: false,
};

// What a policy may say. The window has a floor so that no organization can count its record
// over a handful of jobs or days; targets below one half would reward a facility late more
// often than not.
export const POLICY_BOUNDS = {
  windowDays: [30, 1095],
  windowJobs: [5, 500],
  onTimeTarget: [0.5, 1],
  firstDeliveryTarget: [0.5, 1],
  probationJobs: [0, 50],
  probationMaxQuantity: [1, 1_000_000],
} as const satisfies Record<Exclude<keyof MatchingPolicy, 'allowOwnRequests'>, readonly [number, number]>;

const INTEGERS = new Set(['windowDays', 'windowJobs', 'probationJobs', 'probationMaxQuantity']);

// A proposed policy as JSON: any field left out keeps the organization's current value.
// Typed errors name the field; unknown fields are refused so a typo is not silently ignored.
export function parseMatchingPolicy(raw: string, current: MatchingPolicy, field = 'matchingPolicy'): MatchingPolicy {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InvalidInputError(field, 'The matching policy is a JSON object.', 'INVALID_JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInputError(field, 'The matching policy is a JSON object.', 'INVALID_JSON');
  const input = value as Record<string, unknown>;
  const known = [...Object.keys(POLICY_BOUNDS), 'allowOwnRequests'];
  const unknown = Object.keys(input).filter((k) => !known.includes(k));
  if (unknown.length)
    throw new InvalidInputError(`${field}.${unknown[0]}`, `Unknown field; a matching policy has ${known.join(', ')}.`, 'UNKNOWN_FIELD');
  if (!Object.keys(input).length) throw new InvalidInputError(field, 'The policy changes nothing.', 'UNCHANGED');
  const next: MatchingPolicy = { ...current };
  for (const [key, [min, max]] of Object.entries(POLICY_BOUNDS) as Array<[keyof typeof POLICY_BOUNDS, readonly [number, number]]>) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (INTEGERS.has(key) && !Number.isInteger(v)))
      throw new InvalidInputError(
        `${field}.${key}`,
        `${key} is ${INTEGERS.has(key) ? 'a whole number' : 'a number'} from ${min} to ${max}.`,
        'OUT_OF_RANGE',
      );
    next[key] = v;
  }
  if (input.allowOwnRequests !== undefined) {
    if (typeof input.allowOwnRequests !== 'boolean')
      throw new InvalidInputError(`${field}.allowOwnRequests`, 'allowOwnRequests is true or false.', 'INVALID');
    next.allowOwnRequests = input.allowOwnRequests;
  }
  return next;
}
