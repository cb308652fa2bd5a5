import type { ContributionRecord } from './contributions.types.js';
import { centsOfHours, hoursFromCents } from './hours.js';

// Hypercerts (https://hypercerts.org) activity claim + contribution records, in the
// org.hypercerts.claim.* lexicon shapes, built from the records that count (captured by the
// platform or validated by peers). Each contribution lists the record CIDs it stands for.

export interface HypercertExport {
  activity: {
    $type: 'org.hypercerts.claim.activity';
    title: string;
    shortDescription: string;
    description?: string;
    workScope: { allOf: string[]; anyOf: string[]; noneOf: string[] };
    startDate: string;
    endDate: string;
    createdAt: string;
  };
  contributions: Array<{
    $type: 'org.hypercerts.claim.contribution';
    contributors: string[];
    role: string;
    description: string;
    startDate: string;
    endDate: string;
    createdAt: string;
    records: string[]; // contribution record CIDs (DAG-JOSE), each verifiable with its anchor proof
    effortHours: string | null;
  }>;
}

const ROLES: Record<string, string> = {
  produce: 'maker',
  cite: 'remixer',
  work: 'contributor',
  deliverService: 'service provider',
  accept: 'recipient',
  modify: 'maintainer',
  transfer: 'supplier',
};

export function toHypercert(input: {
  title: string;
  shortDescription: string;
  workScope: string[];
  records: readonly ContributionRecord[];
  now: Date;
}): HypercertExport {
  const counted = input.records.filter((r) => r.validation === 'NOT_REQUIRED' || r.validation === 'APPROVED');
  const times = counted.map((r) => r.occurredAt.getTime());
  const start = new Date(times.length ? Math.min(...times) : input.now.getTime()).toISOString();
  const end = new Date(times.length ? Math.max(...times) : input.now.getTime()).toISOString();
  // One contribution per (agent, action): who did what, with every record behind it.
  const groups = new Map<string, ContributionRecord[]>();
  for (const r of counted) {
    const key = `${r.providerDid} ${r.action}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const createdAt = input.now.toISOString();
  return {
    activity: {
      $type: 'org.hypercerts.claim.activity',
      title: input.title.slice(0, 256),
      shortDescription: input.shortDescription.slice(0, 300),
      workScope: { allOf: input.workScope, anyOf: [], noneOf: [] },
      startDate: start,
      endDate: end,
      createdAt,
    },
    contributions: [...groups.values()].map((rs) => {
      const sorted = [...rs].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      const cents = rs.reduce((sum, r) => sum + (r.effortHours ? centsOfHours(r.effortHours) : 0), 0);
      return {
        $type: 'org.hypercerts.claim.contribution' as const,
        contributors: [rs[0]!.providerDid],
        role: ROLES[rs[0]!.action] ?? rs[0]!.action,
        description: [...new Set(sorted.map((r) => r.note).filter((n): n is string => !!n))].join('; ').slice(0, 2000),
        startDate: sorted[0]!.occurredAt.toISOString(),
        endDate: sorted[sorted.length - 1]!.occurredAt.toISOString(),
        createdAt,
        records: sorted.map((r) => r.id),
        effortHours: cents ? hoursFromCents(cents) : null,
      };
    }),
  };
}
