import { centsOfHours } from '../../contributions/hours.js';
import type { ContributionAction } from '../../contributions/record-codec.js';
import type { Bucket, Fund, RewardPolicy } from '../policy/policy.js';

// The split's inputs and each bucket's lines as exact fractions of the payment (split.ts rounds
// them to minor units and applies the caps).

export interface SplitRecord {
  id: string;
  action: ContributionAction;
  providerDid: string;
  scope: 'JOB' | 'DESIGN'; // found through the job or through the design
  effortHours: string | null;
  validated: boolean; // captured, or approved by peers
  rejected: boolean; // rejected by peers: never counts
  anchored: boolean;
}

export interface LineageNode {
  versionCid: string;
  designId: string;
  designerDid: string;
  parents: Array<{ versionCid: string; shareBps: number }>;
}

export interface SplitInput {
  amountMinor: bigint;
  policy: RewardPolicy;
  records: SplitRecord[];
  validators: Array<{ did: string; recordId: string }>; // approvals of counted records in scope
  lineage: { root: string; nodes: Map<string, LineageNode> };
  designId: string;
  // Cumulative payouts so far from the design, per recipient DID (for caps).
  paidFromDesign: Map<string, bigint>;
  // Effort hours per recipient DID on the design (the cap's basis).
  effortOnDesign: Map<string, string>;
}

export type Recipient = { kind: 'AGENT'; did: string } | { kind: 'FUND'; fund: Fund };

export interface PayoutLine {
  recipient: Recipient;
  bucket: string;
  rule: string; // how this line was computed, for people to read
  amountMinor: bigint;
  records: string[];
  lineagePath?: string[]; // version CIDs from the paid version up to this one
}

export interface Fraction {
  n: bigint;
  d: bigint;
}

export interface Line extends Omit<PayoutLine, 'amountMinor'> {
  share: Fraction; // of the payment, exact
}

export const frac = (n: bigint, d: bigint): Fraction => ({ n, d });
export const times = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.n, a.d * b.d);
export const fund = (f: Fund): Recipient => ({ kind: 'FUND', fund: f });

function counts(r: SplitRecord, requires: Bucket['requires']): boolean {
  if (r.rejected) return false;
  if (requires === 'ANCHORED') return r.anchored;
  if (requires === 'VALIDATED_AND_ANCHORED') return r.validated && r.anchored;
  return r.validated;
}

export function contributorLines(bucket: Bucket, share: Fraction, input: SplitInput): Line[] {
  const eligible = input.records.filter(
    (r) => r.scope === bucket.scope && bucket.actions!.includes(r.action) && counts(r, bucket.requires),
  );
  const weights = new Map<string, { weight: bigint; records: string[] }>();
  for (const r of eligible) {
    const w = bucket.weight === 'EQUAL' ? 1n : BigInt(centsOfHours(r.effortHours ?? input.policy.defaultHours));
    const entry = weights.get(r.providerDid) ?? { weight: 0n, records: [] };
    entry.weight += w;
    entry.records.push(r.id);
    weights.set(r.providerDid, entry);
  }
  const total = [...weights.values()].reduce((s, e) => s + e.weight, 0n);
  if (total === 0n) return [];
  return [...weights].map(([did, e]) => ({
    recipient: { kind: 'AGENT', did },
    bucket: bucket.key,
    rule:
      bucket.weight === 'EQUAL'
        ? `equal share of ${bucket.shareBps / 100} % among ${weights.size} contributors`
        : `${bucket.shareBps / 100} % by effort: ${e.weight} of ${total} hundredths of an hour`,
    records: e.records,
    share: times(share, frac(e.weight, total)),
  }));
}

export function validatorLines(bucket: Bucket, share: Fraction, input: SplitInput): Line[] {
  const counted = new Set(input.records.filter((r) => counts(r, bucket.requires)).map((r) => r.id));
  const byValidator = new Map<string, string[]>();
  for (const v of input.validators) if (counted.has(v.recordId)) byValidator.set(v.did, [...(byValidator.get(v.did) ?? []), v.recordId]);
  const total = [...byValidator.values()].reduce((s, r) => s + BigInt(r.length), 0n);
  return [...byValidator].map(([did, records]) => ({
    recipient: { kind: 'AGENT', did },
    bucket: bucket.key,
    rule: `${bucket.shareBps / 100} % by validations: ${records.length} of ${total}`,
    records,
    share: times(share, frac(BigInt(records.length), total)),
  }));
}

// Each version keeps what its parents' declared shares leave and passes each parent its share,
// recursively; at maxDepth a version keeps everything that reaches it. A DAG's shared ancestors
// receive along every path.
export function lineageLines(bucket: Bucket, share: Fraction, input: SplitInput): Line[] {
  const { maxDepth } = input.policy.lineage;
  const root = input.lineage.nodes.get(input.lineage.root);
  if (!root) return [];
  const out: Line[] = [];
  const walk = (node: LineageNode, reaching: Fraction, path: string[], depth: number) => {
    const parents = depth < maxDepth ? node.parents.filter((p) => input.lineage.nodes.has(p.versionCid)) : [];
    const passed = parents.reduce((s, p) => s + p.shareBps, 0);
    const kept = times(reaching, frac(BigInt(10_000 - passed), 10_000n));
    if (kept.n > 0n) {
      out.push({
        recipient: { kind: 'AGENT', did: node.designerDid },
        bucket: bucket.key,
        rule:
          depth === 0
            ? `${bucket.shareBps / 100} % lineage: the paid version keeps ${(10_000 - passed) / 100} %`
            : `lineage, ${depth} generation${depth > 1 ? 's' : ''} up: keeps ${(10_000 - passed) / 100} % of what reaches it`,
        records: [],
        lineagePath: [...path, node.versionCid],
        share: kept,
      });
    }
    for (const p of parents)
      walk(
        input.lineage.nodes.get(p.versionCid)!,
        times(reaching, frac(BigInt(p.shareBps), 10_000n)),
        [...path, node.versionCid],
        depth + 1,
      );
  };
  walk(root, share, [], 0);
  // Shares below the floor go to the floor fund instead (a stated rule, not a rounding accident).
  const floor = input.policy.lineage.floorMinor;
  return out.map((l) =>
    floor > 0n && l.share.n * input.amountMinor < floor * l.share.d
      ? {
          ...l,
          recipient: fund(input.policy.lineage.floorTo),
          rule: `${l.rule}; below the floor of ${floor} minor units: to the ${input.policy.lineage.floorTo.toLowerCase()} fund`,
        }
      : l,
  );
}
