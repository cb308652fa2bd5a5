import { InvalidInputError } from '../../common/errors/domain-error.js';
import { CONTRIBUTION_ACTIONS, type ContributionAction } from '../../contributions/record-codec.js';

// A value equation (reward policy) is data: buckets that split realised income, each with its
// rule. Versioned per organization and chosen by its members; validated here before use.

export const BUCKET_KINDS = ['CONTRIBUTORS', 'LINEAGE', 'VALIDATORS', 'FUND'] as const;
export type BucketKind = (typeof BUCKET_KINDS)[number];
export const FUNDS = ['SOLIDARITY', 'COMMONS'] as const;
// Votes never earn: voting power and rewards stay apart.
const EARNING_ACTIONS = CONTRIBUTION_ACTIONS.filter((a) => a !== 'vote');
export type Fund = (typeof FUNDS)[number];
export const RECORD_REQUIREMENTS = ['VALIDATED', 'ANCHORED', 'VALIDATED_AND_ANCHORED'] as const;
export type RecordRequirement = (typeof RECORD_REQUIREMENTS)[number];

export interface Bucket {
  key: string;
  shareBps: number; // of the payment, in basis points; all buckets sum to 10,000
  kind: BucketKind;
  // CONTRIBUTORS: which records earn a share, from the job or from the design, weighted how.
  actions?: ContributionAction[];
  scope?: 'JOB' | 'DESIGN';
  weight?: 'EFFORT' | 'EQUAL';
  requires?: RecordRequirement;
  // FUND: which fund receives the bucket.
  fund?: Fund;
  // Where the bucket goes when nobody qualifies (an explicit remainder rule).
  emptyTo: Fund;
}

export interface RewardPolicy {
  buckets: Bucket[];
  // Lineage: each version keeps what its parents' declared shares leave and passes the rest up,
  // to maxDepth generations; a share smaller than floorMinor is not paid out but goes to floorTo.
  lineage: { maxDepth: number; floorMinor: bigint; floorTo: Fund };
  // Capped returns: a contributor's cumulative payout from one design stops at multiple × basis,
  // basis = their effort hours on the design × perHourMinor (at least minimumBasisMinor).
  cap: { multiple: number; perHourMinor: bigint; minimumBasisMinor: bigint; overflowTo: Fund } | null;
  // Hours counted for an EFFORT-weighted record that states none.
  defaultHours: string;
}

type Raw = Record<string, unknown>;
const fail = (field: string, message: string, reason = 'INVALID_POLICY'): never => {
  throw new InvalidInputError(field, message, reason);
};
const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const minor = (field: string, v: unknown): bigint => {
  if (typeof v !== 'string' && typeof v !== 'number') return fail(field, `${field} must be whole minor units as a string.`);
  const s = String(v).trim();
  if (!/^\d{1,18}$/.test(s)) return fail(field, `${field} must be whole minor units as a string.`);
  return BigInt(s);
};
const oneOf = <T extends string>(field: string, v: unknown, allowed: readonly T[]): T =>
  allowed.includes(v as T) ? (v as T) : fail(field, `${field} must be one of ${allowed.join(', ')}.`);

// Generations of remix lineage credited when a policy does not say.
export const DEFAULT_LINEAGE_DEPTH = 5;

export function parsePolicy(raw: unknown): RewardPolicy {
  if (!raw || typeof raw !== 'object') return fail('policy', 'A policy is an object with buckets, lineage and cap.');
  const p = raw as Raw;
  if (!Array.isArray(p.buckets) || p.buckets.length === 0 || p.buckets.length > 20)
    return fail('policy.buckets', 'A policy has 1 to 20 buckets.');
  const keys = new Set<string>();
  const buckets = p.buckets.map((b: Raw, i): Bucket => {
    const f = `policy.buckets[${i}]`;
    if (!b || typeof b !== 'object') return fail(f, 'A bucket is an object.');
    const key =
      typeof b.key === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(b.key)
        ? b.key
        : fail(`${f}.key`, 'A bucket key is 1-40 lowercase letters, digits or dashes.');
    if (keys.has(key)) fail(`${f}.key`, `Two buckets are called "${key}".`);
    keys.add(key);
    if (!isInt(b.shareBps, 0, 10_000)) fail(`${f}.shareBps`, 'shareBps is a whole number of basis points from 0 to 10000.');
    const kind = oneOf(`${f}.kind`, b.kind, BUCKET_KINDS);
    const bucket: Bucket = { key, shareBps: b.shareBps as number, kind, emptyTo: oneOf(`${f}.emptyTo`, b.emptyTo ?? 'SOLIDARITY', FUNDS) };
    if (kind === 'CONTRIBUTORS') {
      if (!Array.isArray(b.actions) || !b.actions.length)
        fail(`${f}.actions`, 'A CONTRIBUTORS bucket names the actions that earn from it.');
      bucket.actions = (b.actions as unknown[]).map((a, j) => oneOf(`${f}.actions[${j}]`, a, EARNING_ACTIONS));
      bucket.scope = oneOf(`${f}.scope`, b.scope ?? 'JOB', ['JOB', 'DESIGN'] as const);
      bucket.weight = oneOf(`${f}.weight`, b.weight ?? 'EFFORT', ['EFFORT', 'EQUAL'] as const);
      bucket.requires = oneOf(`${f}.requires`, b.requires ?? 'VALIDATED', RECORD_REQUIREMENTS);
    }
    if (kind === 'VALIDATORS') bucket.requires = oneOf(`${f}.requires`, b.requires ?? 'VALIDATED', RECORD_REQUIREMENTS);
    if (kind === 'FUND') bucket.fund = oneOf(`${f}.fund`, b.fund, FUNDS);
    return bucket;
  });
  const total = buckets.reduce((s, b) => s + b.shareBps, 0);
  if (total !== 10_000) fail('policy.buckets', `Bucket shares sum to ${(total / 100).toFixed(2)} %, not 100 %.`, 'SHARES_NOT_100');
  const l = (p.lineage ?? {}) as Raw;
  if (!isInt(l.maxDepth ?? DEFAULT_LINEAGE_DEPTH, 0, 20)) fail('policy.lineage.maxDepth', 'maxDepth is 0 to 20 generations.');
  const lineage = {
    maxDepth: (l.maxDepth as number | undefined) ?? DEFAULT_LINEAGE_DEPTH,
    floorMinor: minor('policy.lineage.floorMinor', l.floorMinor ?? '0'),
    floorTo: oneOf('policy.lineage.floorTo', l.floorTo ?? 'SOLIDARITY', FUNDS),
  };
  let cap: RewardPolicy['cap'] = null;
  if (p.cap !== undefined && p.cap !== null) {
    const c = p.cap as Raw;
    if (!isInt(c.multiple, 1, 1000)) fail('policy.cap.multiple', 'cap.multiple is a whole number from 1 to 1000.');
    cap = {
      multiple: c.multiple as number,
      perHourMinor: minor('policy.cap.perHourMinor', c.perHourMinor),
      minimumBasisMinor: minor('policy.cap.minimumBasisMinor', c.minimumBasisMinor ?? '0'),
      overflowTo: oneOf('policy.cap.overflowTo', c.overflowTo ?? 'SOLIDARITY', FUNDS),
    };
  }
  const defaultHours =
    typeof p.defaultHours === 'string' && /^\d{1,4}(\.\d{1,2})?$/.test(p.defaultHours)
      ? p.defaultHours
      : p.defaultHours === undefined
        ? '1'
        : fail('policy.defaultHours', 'defaultHours is a decimal string, e.g. "1".');
  return { buckets, lineage, cap, defaultHours };
}

// The policy an organization uses until its members vote another one in.
export const DEFAULT_POLICY: RewardPolicy = parsePolicy({
  buckets: [
    {
      key: 'fabrication',
      shareBps: 6000,
      kind: 'CONTRIBUTORS',
      actions: ['work', 'produce', 'transfer'],
      scope: 'JOB',
      weight: 'EFFORT',
      emptyTo: 'SOLIDARITY',
    },
    { key: 'lineage', shareBps: 2000, kind: 'LINEAGE', emptyTo: 'COMMONS' },
    { key: 'validators', shareBps: 500, kind: 'VALIDATORS', emptyTo: 'SOLIDARITY' },
    { key: 'solidarity', shareBps: 1000, kind: 'FUND', fund: 'SOLIDARITY', emptyTo: 'SOLIDARITY' },
    { key: 'commons', shareBps: 500, kind: 'FUND', fund: 'COMMONS', emptyTo: 'COMMONS' },
  ],
  lineage: { maxDepth: DEFAULT_LINEAGE_DEPTH, floorMinor: '1', floorTo: 'COMMONS' },
  cap: { multiple: 10, perHourMinor: '2500', minimumBasisMinor: '10000', overflowTo: 'SOLIDARITY' },
  defaultHours: '1',
});
