import { ABSTAIN, BLOCK, CONSENT, YES, type DecisionRule, type Proposal, type Tally } from './governance.types.js';

// The outcome of a vote: pure, so the same votes always give the same result. Quorum counts every
// voter (abstentions too) against the electorate fixed when the proposal opened. Under a majority
// rule the option with the most votes (abstentions aside) carries if it has more than half of them
// (SIMPLE_MAJORITY) or at least two thirds (TWO_THIRDS); a tie carries nothing. Under CONSENT the
// proposal carries unless somebody blocks.
export function tally(o: {
  rule: DecisionRule;
  options: readonly string[];
  quorumBps: number;
  electorate: number;
  votes: ReadonlyArray<{ option: string }>;
  binding: boolean;
}): Tally {
  const counts: Record<string, number> = Object.fromEntries(o.options.map((opt) => [opt, 0]));
  for (const v of o.votes) counts[v.option] = (counts[v.option] ?? 0) + 1;
  const cast = o.votes.length;
  const quorumNeeded = Math.ceil((o.quorumBps * o.electorate) / 10_000);
  const quorumReached = cast >= quorumNeeded && cast > 0;
  let outcome: string | null = null;
  if (quorumReached) {
    if (o.rule === 'CONSENT') {
      outcome = (counts[BLOCK] ?? 0) > 0 ? BLOCK : CONSENT;
    } else if (o.rule === 'SIMPLE_MAJORITY' || o.rule === 'TWO_THIRDS') {
      const counted = Object.entries(counts).filter(([opt]) => opt !== ABSTAIN);
      const total = counted.reduce((s, [, n]) => s + n, 0);
      const top = Math.max(0, ...counted.map(([, n]) => n));
      const leaders = counted.filter(([, n]) => n === top);
      const enough = o.rule === 'SIMPLE_MAJORITY' ? 2 * top > total : 3 * top >= 2 * total;
      if (total > 0 && leaders.length === 1 && enough) outcome = leaders[0]![0];
    }
  }
  const passed = o.rule === 'CONSENT' ? outcome === CONSENT : outcome !== null && (!o.binding || outcome === YES);
  return { counts, cast, quorumNeeded, quorumReached, outcome, passed };
}

// The final tally once closed; while open, the votes as they stand.
export function liveTally(p: Proposal, votes: ReadonlyArray<{ option: string }>): Tally {
  return (
    p.tally ??
    tally({ rule: p.decisionRule, options: p.options, quorumBps: p.quorumBps, electorate: p.electorate, votes, binding: p.kind !== 'TEXT' })
  );
}
