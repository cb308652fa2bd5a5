// Ranking of capable facilities. Every component is in [0, 1]; the score is their weighted
// mean with the weights of MatchingConfig (documented in docs/matching.md). The repository
// computes the same expression in SQL so that ranking and LIMIT happen in the index scan.

export interface MatchWeights {
  distance: number;
  load: number;
  verification: number;
  cooperative: number;
}

export const VERIFICATION_SCORE: Record<string, number> = { SELF_ASSERTED: 0, PEER_ATTESTED: 0.5, VERIFIED: 1 };

export interface MatchComponents {
  distanceKm: number;
  approximate?: boolean; // measured from the facility's public, rounded location
  radiusKm: number;
  load: number; // committed hours / weekly capacity (may exceed 1)
  verificationLevel: string;
  cooperative: boolean;
}

export function normalizedWeights(w: MatchWeights): MatchWeights {
  const sum = w.distance + w.load + w.verification + w.cooperative;
  return { distance: w.distance / sum, load: w.load / sum, verification: w.verification / sum, cooperative: w.cooperative / sum };
}

export function scoreOf(c: MatchComponents, weights: MatchWeights): number {
  const w = normalizedWeights(weights);
  return (
    w.distance * Math.max(0, 1 - c.distanceKm / c.radiusKm) +
    w.load * (1 - Math.min(1, Math.max(0, c.load))) +
    w.verification * (VERIFICATION_SCORE[c.verificationLevel] ?? 0) +
    w.cooperative * (c.cooperative ? 1 : 0)
  );
}

const LEVEL_WORDS: Record<string, string> = {
  SELF_ASSERTED: 'self-asserted profile (not yet attested by peers)',
  PEER_ATTESTED: 'capabilities attested by verified peers',
  VERIFIED: 'verified facility',
};

// Human-readable reasons for a match, strongest first as a workshop would read them.
export function reasonsFor(c: MatchComponents, capabilities: readonly string[]): string[] {
  const reasons: string[] = [];
  reasons.push(capabilities.length ? `can make every part: ${capabilities.join('; ')}` : 'no fabrication process required; can assemble');
  reasons.push(
    c.approximate
      ? `about ${Math.round(c.distanceKm)} km away from its public location (search radius ${c.radiusKm} km)`
      : `${c.distanceKm < 10 ? c.distanceKm.toFixed(1) : Math.round(c.distanceKm)} km away (search radius ${c.radiusKm} km)`,
  );
  const pct = Math.round(c.load * 100);
  reasons.push(pct === 0 ? 'no work in progress: full capacity free' : pct >= 100 ? `fully booked (${pct}% of weekly capacity committed)` : `${pct}% of weekly capacity committed`);
  reasons.push(LEVEL_WORDS[c.verificationLevel] ?? c.verificationLevel);
  if (c.cooperative) reasons.push('run by a cooperative');
  return reasons;
}
