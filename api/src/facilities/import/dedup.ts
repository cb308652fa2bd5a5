import { nameKey } from '../../common/name-key.js';
import { greatCircleKm, type LatLon } from '../geo.js';

export { nameKey };

// Whether a directory record and a facility already on the platform (from another directory, or
// registered by its co-op) are the same workshop: name similarity plus distance plus website.
// Sure pairs are merged (one facility, both source ids); unsure ones are imported separately and
// listed for an operator (facility_duplicate_reviews). The thresholds were set on the fablabs.io
// and IoPA Open Know-Where directories (docs/matching.md, "Directories").

// Within this distance a facility is looked at as a candidate at all.
export const DEDUP_RADIUS_KM = 5;
// Merged: about the same place (geocoders differ by a few hundred metres) and much the same name.
export const MERGE_KM = 1;
export const MERGE_SIMILARITY = 0.6;
// Flagged: near with a name in common, or a little further with much the same name.
export const FLAG_SIMILARITY = 0.3;

// Hosts that are directories or social networks, not a workshop's own website.
const SHARED_HOSTS = [
  'fablabs.io',
  'facebook.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'youtube.com',
  'google.com',
  'wixsite.com',
  'github.com',
  'github.io',
  'wordpress.com',
  'blogspot.com',
  'meetup.com',
];

// pg_trgm's similarity: shared trigrams of the words (each padded with two spaces before and one
// after) over all trigrams of both, from 0 (nothing in common) to 1.
export function nameSimilarity(a: string, b: string): number {
  const grams = (s: string) => {
    const out = new Set<string>();
    for (const word of nameKey(s).split(' ').filter(Boolean)) {
      const padded = `  ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
    }
    return out;
  };
  const x = grams(a);
  const y = grams(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return shared / (x.size + y.size - shared);
}

// A workshop's own website host (lower case, without www.), or null for a directory or social page.
export function websiteHost(url: string | null | undefined): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(/^[a-z]+:\/\//i.test(url.trim()) ? url.trim() : `http://${url.trim()}`).hostname.toLowerCase();
  } catch {
    return null;
  }
  host = host.replace(/^www\./, '');
  return SHARED_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) || !host.includes('.') ? null : host;
}

export interface DedupSide {
  names: string[];
  location: LatLon | null;
  country: string | null;
  websiteHosts: string[];
}

export type DedupVerdict = 'MERGE' | 'FLAG' | 'DISTINCT';

export interface DedupJudgement {
  verdict: DedupVerdict;
  similarity: number;
  distanceKm: number | null;
  sameWebsite: boolean;
  reason: string;
}

export function judgeDuplicate(a: DedupSide, b: DedupSide): DedupJudgement {
  let similarity = 0;
  for (const x of a.names) for (const y of b.names) similarity = Math.max(similarity, nameSimilarity(x, y));
  const sameKey = a.names.some((x) => b.names.some((y) => nameKey(x) === nameKey(y)));
  const sameWebsite = a.websiteHosts.some((h) => b.websiteHosts.includes(h));
  const distanceKm = a.location && b.location ? greatCircleKm(a.location, b.location) : null;
  const otherCountry = !!a.country && !!b.country && a.country.toUpperCase() !== b.country.toUpperCase();
  const sim = similarity.toFixed(2);
  const judged = (verdict: DedupVerdict, reason: string): DedupJudgement => ({ verdict, similarity, distanceKm, sameWebsite, reason });
  if (distanceKm !== null) {
    const km = `${distanceKm.toFixed(2)} km apart`;
    if (distanceKm <= MERGE_KM && similarity >= MERGE_SIMILARITY) return judged('MERGE', `names ${sim} alike, ${km}`);
    if (distanceKm <= DEDUP_RADIUS_KM && sameWebsite && similarity >= FLAG_SIMILARITY)
      return judged('MERGE', `same website, names ${sim} alike, ${km}`);
    if (distanceKm <= MERGE_KM && similarity >= FLAG_SIMILARITY) return judged('FLAG', `names ${sim} alike, ${km}`);
    if (distanceKm <= DEDUP_RADIUS_KM && (similarity >= MERGE_SIMILARITY || sameWebsite))
      return judged('FLAG', `names ${sim} alike${sameWebsite ? ', same website' : ''}, ${km}`);
    return judged('DISTINCT', `names ${sim} alike, ${km}`);
  }
  // Without two locations only the name (and the country, the website) can tell.
  if (otherCountry) return judged('DISTINCT', 'in different countries');
  if (sameKey && !a.location && !b.location && a.country && b.country)
    return judged('MERGE', 'same name in the same country, neither located');
  if (sameKey || (sameWebsite && similarity >= MERGE_SIMILARITY))
    return judged('FLAG', `same ${sameKey ? 'name' : 'website'}, one without a location`);
  return judged('DISTINCT', `names ${sim} alike, one without a location`);
}
