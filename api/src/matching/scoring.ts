import { reliabilityScore, reliabilityScoreSql, type ReliabilityCounts } from './reliability/reliability.js';

// Ranking of capable facilities: the one definition of the score. Every term is in [0, 1] and
// is written twice side by side, in JS and as the SQL expression the matching query ranks and
// LIMITs by (match-query.ts); the score is the terms' mean weighted by MatchingConfig
// (docs/matching.md). A test computes both over the same facilities in Postgres.

export interface MatchWeights {
  distance: number;
  load: number;
  verification: number;
  cooperative: number;
  reliability: number;
}

export const VERIFICATION_SCORE: Record<string, number> = { SELF_ASSERTED: 0, PEER_ATTESTED: 0.5, VERIFIED: 1 };

export interface MatchComponents {
  distanceKm: number;
  approximate?: boolean; // measured from the facility's public, rounded location
  radiusKm: number;
  load: number; // committed hours / weekly capacity (may exceed 1)
  verificationLevel: string;
  cooperative: boolean;
  // The facility's delivery record in its window (reliability/reliability.ts).
  reliability: Pick<ReliabilityCounts, 'sample' | 'onTime' | 'resolved' | 'firstDelivery'>;
}

// The SQL names of the components in the query's scored rows.
export interface ScoreColumns {
  distanceKm: string;
  radiusKm: string;
  load: string;
  verificationLevel: string;
  cooperative: string;
  reliability: { sample: string; onTime: string; resolved: string; firstDelivery: string };
}

interface ScoreTerm {
  js(c: MatchComponents): number;
  sql(col: ScoreColumns): string;
}

// Constants of the code (never input), so they may be written into the SQL text.
const verificationCases = Object.entries(VERIFICATION_SCORE)
  .map(([level, score]) => `WHEN '${level}' THEN ${score}`)
  .join(' ');

export const SCORE_TERMS: { readonly [K in keyof MatchWeights]: ScoreTerm } = {
  // Nearer is better, nothing at the edge of the search radius.
  distance: { js: (c) => Math.max(0, 1 - c.distanceKm / c.radiusKm), sql: (col) => `greatest(0, 1 - ${col.distanceKm} / ${col.radiusKm})` },
  // Free weekly capacity.
  load: { js: (c) => 1 - Math.min(1, Math.max(0, c.load)), sql: (col) => `(1 - least(1, greatest(0, ${col.load})))` },
  verification: {
    js: (c) => VERIFICATION_SCORE[c.verificationLevel] ?? 0,
    sql: (col) => `(CASE ${col.verificationLevel} ${verificationCases} ELSE 0 END)`,
  },
  cooperative: { js: (c) => (c.cooperative ? 1 : 0), sql: (col) => `(CASE WHEN ${col.cooperative} THEN 1 ELSE 0 END)` },
  // On time and accepted on first delivery, smoothed so that a short record counts for little.
  reliability: { js: (c) => reliabilityScore(c.reliability), sql: (col) => reliabilityScoreSql(col.reliability) },
};

const TERM_NAMES = Object.keys(SCORE_TERMS) as Array<keyof MatchWeights>;

export function normalizedWeights(w: MatchWeights): MatchWeights {
  const sum = TERM_NAMES.reduce((total, t) => total + w[t], 0);
  return Object.fromEntries(TERM_NAMES.map((t) => [t, w[t] / sum])) as unknown as MatchWeights;
}

export function scoreOf(c: MatchComponents, weights: MatchWeights): number {
  const w = normalizedWeights(weights);
  return TERM_NAMES.reduce((sum, t) => sum + w[t] * SCORE_TERMS[t].js(c), 0);
}

// The same score as a SQL expression; `weights` names the SQL holding each normalized weight.
export function scoreSql(weights: { readonly [K in keyof MatchWeights]: string }, col: ScoreColumns): string {
  return `(${TERM_NAMES.map((t) => `${weights[t]} * ${SCORE_TERMS[t].sql(col)}`).join('\n            + ')})`;
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
  reasons.push(
    pct === 0
      ? 'no work in progress: full capacity free'
      : pct >= 100
        ? `fully booked (${pct}% of weekly capacity committed)`
        : `${pct}% of weekly capacity committed`,
  );
  reasons.push(LEVEL_WORDS[c.verificationLevel] ?? c.verificationLevel);
  if (c.cooperative) reasons.push('run by a cooperative');
  return reasons;
}
