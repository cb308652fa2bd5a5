import { parsePolicy, DEFAULT_POLICY, type RewardPolicy } from '../policy/policy.js';
import { computeSplit, totalOf, type LineageNode, type SplitInput, type SplitRecord } from './split.js';

// A small seeded generator, so a failing case can be replayed from its seed.
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const record = (over: Partial<SplitRecord> & Pick<SplitRecord, 'id' | 'providerDid'>): SplitRecord => ({
  action: 'produce',
  scope: 'JOB',
  effortHours: null,
  validated: true,
  rejected: false,
  anchored: true,
  ...over,
});

function base(over: Partial<SplitInput> = {}): SplitInput {
  const nodes = new Map<string, LineageNode>([
    ['v3', { versionCid: 'v3', designId: 'd', designerDid: 'did:remixer2', parents: [{ versionCid: 'v2', shareBps: 3000 }] }],
    ['v2', { versionCid: 'v2', designId: 'd', designerDid: 'did:remixer1', parents: [{ versionCid: 'v1', shareBps: 5000 }] }],
    ['v1', { versionCid: 'v1', designId: 'd', designerDid: 'did:original', parents: [] }],
  ]);
  return {
    amountMinor: 100_000n,
    policy: DEFAULT_POLICY,
    records: [
      record({ id: 'r1', providerDid: 'did:coop', effortHours: '3.00' }),
      record({ id: 'r2', providerDid: 'did:coop2', effortHours: '1.00', action: 'work' }),
    ],
    validators: [],
    lineage: { root: 'v3', nodes },
    designId: 'd',
    paidFromDesign: new Map(),
    effortOnDesign: new Map([
      ['did:remixer2', '100'],
      ['did:remixer1', '100'],
      ['did:original', '100'],
      ['did:coop', '100'],
      ['did:coop2', '100'],
    ]),
    ...over,
  };
}

const byRecipient = (lines: ReturnType<typeof computeSplit>) => {
  const m = new Map<string, bigint>();
  for (const l of lines) {
    const k = l.recipient.kind === 'AGENT' ? l.recipient.did : `fund:${l.recipient.fund}`;
    m.set(k, (m.get(k) ?? 0n) + l.amountMinor);
  }
  return Object.fromEntries([...m].map(([k, v]) => [k, Number(v)]));
};

describe('the reward split', () => {
  it('shares a payment by bucket, effort and lineage, to the minor unit', () => {
    const lines = computeSplit(base());
    expect(totalOf(lines)).toBe(100_000n);
    expect(byRecipient(lines)).toEqual({
      'did:coop': 45_000, // 60 % × 3/4 of the effort
      'did:coop2': 15_000,
      'did:remixer2': 14_000, // 20 % lineage: keeps 70 %
      'did:remixer1': 3_000, // 30 % of 20 % reaches v2, which keeps half
      'did:original': 3_000,
      'fund:SOLIDARITY': 15_000, // 10 % + 5 % validators (nobody validated: emptyTo)
      'fund:COMMONS': 5_000,
    });
    const original = lines.find((l) => l.recipient.kind === 'AGENT' && l.recipient.did === 'did:original')!;
    expect(original.lineagePath).toEqual(['v3', 'v2', 'v1']);
  });

  it('caps a contributor’s returns from a design and sends the rest to the solidarity fund', () => {
    const lines = computeSplit(base({ effortOnDesign: new Map([['did:coop', '1']]), paidFromDesign: new Map([['did:coop', 90_000n]]) }));
    // cap = 10 × max(1 h × 25.00, 100.00) = 1,000.00 → 100,000 minor; 90,000 paid already.
    expect(byRecipient(lines)['did:coop']).toBe(10_000);
    expect(totalOf(lines)).toBe(100_000n);
    expect(lines.some((l) => l.rule.includes('cap'))).toBe(true);
  });

  it('stops the lineage at maxDepth and sends shares below the floor to the floor fund', () => {
    const shallow = computeSplit(base({ policy: { ...DEFAULT_POLICY, lineage: { ...DEFAULT_POLICY.lineage, maxDepth: 1 } } }));
    expect(byRecipient(shallow)).toMatchObject({ 'did:remixer2': 14_000, 'did:remixer1': 6_000 });
    expect(byRecipient(shallow)['did:original']).toBeUndefined();
    const floored = computeSplit(
      base({ amountMinor: 100n, policy: { ...DEFAULT_POLICY, lineage: { ...DEFAULT_POLICY.lineage, floorMinor: 5n } } }),
    );
    expect(byRecipient(floored)['did:original']).toBeUndefined(); // 3 minor units < floor 5
    expect(totalOf(floored)).toBe(100n);
  });

  it('never counts rejected or unvalidated records, and honours an ANCHORED requirement', () => {
    const policy = parsePolicy({
      buckets: [{ key: 'makers', shareBps: 10_000, kind: 'CONTRIBUTORS', actions: ['produce'], requires: 'ANCHORED' }],
    });
    const lines = computeSplit(
      base({
        policy,
        records: [
          record({ id: 'a', providerDid: 'did:a', anchored: false }),
          record({ id: 'b', providerDid: 'did:b', rejected: true }),
          record({ id: 'c', providerDid: 'did:c' }),
        ],
      }),
    );
    expect(byRecipient(lines)).toEqual({ 'did:c': 100_000 });
  });

  it('keeps conservation, caps and non-negativity over random lineage graphs and policies', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      // A random DAG of versions: each may have up to 3 parents among older versions.
      const n = r.int(1, 12);
      const nodes = new Map<string, LineageNode>();
      for (let i = 0; i < n; i++) {
        const parents: LineageNode['parents'] = [];
        let left = 10_000;
        for (let k = 0; k < r.int(0, Math.min(3, i)); k++) {
          const p = `v${r.int(0, i - 1)}`;
          if (parents.some((x) => x.versionCid === p)) continue;
          const share = r.int(0, Math.min(left, 6000));
          left -= share;
          parents.push({ versionCid: p, shareBps: share });
        }
        nodes.set(`v${i}`, { versionCid: `v${i}`, designId: 'd', designerDid: `did:designer${r.int(0, 5)}`, parents });
      }
      const cuts = [r.int(0, 10_000), r.int(0, 10_000), r.int(0, 10_000)].sort((a, b) => a - b);
      const policy: RewardPolicy = parsePolicy({
        buckets: [
          { key: 'fab', shareBps: cuts[0], kind: 'CONTRIBUTORS', actions: ['produce', 'work'], weight: r.pick(['EFFORT', 'EQUAL']) },
          { key: 'lineage', shareBps: cuts[1]! - cuts[0]!, kind: 'LINEAGE' },
          { key: 'val', shareBps: cuts[2]! - cuts[1]!, kind: 'VALIDATORS' },
          { key: 'fund', shareBps: 10_000 - cuts[2]!, kind: 'FUND', fund: r.pick(['SOLIDARITY', 'COMMONS']) },
        ],
        lineage: { maxDepth: r.int(0, 6), floorMinor: String(r.int(0, 20)) },
        cap:
          r.next() < 0.7
            ? { multiple: r.int(1, 5), perHourMinor: String(r.int(0, 5000)), minimumBasisMinor: String(r.int(0, 20_000)) }
            : null,
      });
      const records = Array.from({ length: r.int(0, 8) }, (_, i) =>
        record({
          id: `r${i}`,
          providerDid: `did:maker${r.int(0, 4)}`,
          action: r.pick(['produce', 'work', 'cite'] as const),
          effortHours: r.next() < 0.3 ? null : `${r.int(0, 40)}.${r.int(0, 99)}`,
          validated: r.next() < 0.8,
          rejected: r.next() < 0.1,
        }),
      );
      const paidFromDesign = new Map<string, bigint>();
      const effortOnDesign = new Map<string, string>();
      for (const did of ['did:maker0', 'did:maker1', 'did:designer0', 'did:designer1']) {
        if (r.next() < 0.5) paidFromDesign.set(did, BigInt(r.int(0, 200_000)));
        if (r.next() < 0.5) effortOnDesign.set(did, `${r.int(0, 30)}`);
      }
      const input: SplitInput = {
        amountMinor: BigInt(r.int(1, 10_000_000)),
        policy,
        records,
        validators: records.filter(() => r.next() < 0.5).map((rec) => ({ did: `did:validator${r.int(0, 2)}`, recordId: rec.id })),
        lineage: { root: `v${n - 1}`, nodes },
        designId: 'd',
        paidFromDesign,
        effortOnDesign,
      };
      const lines = computeSplit(input);
      const context = `seed ${seed}`;
      expect([context, totalOf(lines)]).toEqual([context, input.amountMinor]);
      expect([context, lines.every((l) => l.amountMinor > 0n)]).toEqual([context, true]);
      if (policy.cap) {
        const paid = new Map<string, bigint>();
        for (const l of lines)
          if (l.recipient.kind === 'AGENT') paid.set(l.recipient.did, (paid.get(l.recipient.did) ?? 0n) + l.amountMinor);
        for (const [did, amount] of paid) {
          const hours = effortOnDesign.get(did) ?? '0';
          const basis = (BigInt(Math.round(Number(hours) * 100)) * policy.cap.perHourMinor) / 100n;
          const limit = BigInt(policy.cap.multiple) * (basis > policy.cap.minimumBasisMinor ? basis : policy.cap.minimumBasisMinor);
          expect([
            context,
            did,
            amount + (paidFromDesign.get(did) ?? 0n) <= (limit > (paidFromDesign.get(did) ?? 0n) ? limit : (paidFromDesign.get(did) ?? 0n)),
          ]).toEqual([context, did, true]);
        }
      }
      expect(computeSplit(input)).toEqual(lines); // deterministic
    }
  });
});

describe('reward policies', () => {
  it('refuses shares that do not sum to 100 % and rules that name unknown actions', () => {
    expect(() => parsePolicy({ buckets: [{ key: 'a', shareBps: 6000, kind: 'FUND', fund: 'SOLIDARITY' }] })).toThrow(/60\.00 %, not 100 %/);
    expect(() => parsePolicy({ buckets: [{ key: 'a', shareBps: 10_000, kind: 'CONTRIBUTORS', actions: ['steal'] }] })).toThrow(
      /actions\[0\]/,
    );
    expect(() =>
      parsePolicy({
        buckets: [
          { key: 'a', shareBps: 5000, kind: 'FUND', fund: 'SOLIDARITY' },
          { key: 'a', shareBps: 5000, kind: 'FUND', fund: 'COMMONS' },
        ],
      }),
    ).toThrow(/Two buckets/);
    expect(() =>
      parsePolicy({ buckets: [{ key: 'a', shareBps: 10_000, kind: 'FUND', fund: 'SOLIDARITY' }], cap: { multiple: 0, perHourMinor: '1' } }),
    ).toThrow(/cap.multiple/);
  });
});
