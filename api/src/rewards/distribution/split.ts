import { centsOfHours } from '../../contributions/hours.js';
import type { RewardPolicy } from '../policy/policy.js';
import {
  contributorLines,
  frac,
  fund,
  lineageLines,
  validatorLines,
  type Line,
  type PayoutLine,
  type Recipient,
  type SplitInput,
} from './split-shares.js';

export type { LineageNode, PayoutLine, Recipient, SplitInput, SplitRecord } from './split-shares.js';

// The split of one payment by a value equation: pure and exact. Every share is an exact
// fraction until the end; then one largest-remainder rounding over all lines makes the payouts
// sum to the payment to the minor unit, and caps move any excess to a fund in whole units.

export function computeSplit(input: SplitInput): PayoutLine[] {
  const { policy } = input;
  const lines: Line[] = [];
  for (const bucket of policy.buckets) {
    const share = frac(BigInt(bucket.shareBps), 10_000n);
    if (bucket.shareBps === 0) continue;
    const before = lines.length;
    if (bucket.kind === 'FUND') {
      lines.push({
        recipient: fund(bucket.fund!),
        bucket: bucket.key,
        rule: `${bucket.shareBps / 100} % to the ${bucket.fund!.toLowerCase()} fund`,
        records: [],
        share,
      });
    } else if (bucket.kind === 'CONTRIBUTORS') {
      lines.push(...contributorLines(bucket, share, input));
    } else if (bucket.kind === 'VALIDATORS') {
      lines.push(...validatorLines(bucket, share, input));
    } else {
      lines.push(...lineageLines(bucket, share, input));
    }
    if (lines.length === before)
      lines.push({
        recipient: fund(bucket.emptyTo),
        bucket: bucket.key,
        rule: `nobody qualified: to the ${bucket.emptyTo.toLowerCase()} fund`,
        records: [],
        share,
      });
  }
  return applyCaps(round(lines, input.amountMinor), input);
}

// Largest remainder: floor every line, then hand the missing units to the largest fractional
// parts (ties: the earlier line), so the lines sum to the payment exactly.
function round(lines: Line[], amount: bigint): PayoutLine[] {
  const exact = lines.map((l, i) => {
    const n = l.share.n * amount;
    return { i, floor: n / l.share.d, rem: frac(n % l.share.d, l.share.d) };
  });
  let missing = amount - exact.reduce((s, e) => s + e.floor, 0n);
  const order = [...exact].sort((a, b) => {
    const cmp = b.rem.n * a.rem.d - a.rem.n * b.rem.d;
    return cmp > 0n ? 1 : cmp < 0n ? -1 : a.i - b.i;
  });
  const bonus = new Set<number>();
  for (const e of order) {
    if (missing <= 0n) break;
    bonus.add(e.i);
    missing--;
  }
  return lines
    .map((l, i) => ({
      recipient: l.recipient,
      bucket: l.bucket,
      rule: l.rule,
      records: l.records,
      lineagePath: l.lineagePath,
      amountMinor: exact[i]!.floor + (bonus.has(i) ? 1n : 0n),
    }))
    .filter((l) => l.amountMinor > 0n);
}

// A contributor's cumulative payout from the design stops at multiple × basis; the excess goes
// to the overflow fund. Funds are never capped.
function applyCaps(lines: PayoutLine[], input: SplitInput): PayoutLine[] {
  const cap = input.policy.cap;
  if (!cap) return lines;
  const room = new Map<string, bigint>();
  const out: PayoutLine[] = [];
  for (const line of lines) {
    if (line.recipient.kind !== 'AGENT') {
      out.push(line);
      continue;
    }
    const did = line.recipient.did;
    if (!room.has(did)) {
      const left = capOf(input.policy, input.effortOnDesign, did)! - (input.paidFromDesign.get(did) ?? 0n);
      room.set(did, left > 0n ? left : 0n);
    }
    const left = room.get(did)!;
    const paid = line.amountMinor < left ? line.amountMinor : left;
    room.set(did, left - paid);
    if (paid > 0n) out.push({ ...line, amountMinor: paid });
    if (line.amountMinor > paid) {
      out.push({
        ...line,
        recipient: fund(cap.overflowTo),
        amountMinor: line.amountMinor - paid,
        rule: `${line.rule}; above ${did}'s cap of ${cap.multiple}× their basis: to the ${cap.overflowTo.toLowerCase()} fund`,
      });
    }
  }
  return out;
}

// The most an agent may be paid from a design in all (null: the policy caps nobody).
export function capOf(policy: RewardPolicy, effortOnDesign: ReadonlyMap<string, string>, did: string): bigint | null {
  const cap = policy.cap;
  if (!cap) return null;
  const basis = (BigInt(centsOfHours(effortOnDesign.get(did) ?? '0')) * cap.perHourMinor) / 100n;
  return BigInt(cap.multiple) * (basis > cap.minimumBasisMinor ? basis : cap.minimumBasisMinor);
}

export function totalOf(lines: readonly PayoutLine[]): bigint {
  return lines.reduce((s, l) => s + l.amountMinor, 0n);
}

export const recipientKey = (r: Recipient) => (r.kind === 'AGENT' ? `agent:${r.did}` : `fund:${r.fund}`);
