import parseSpdx from 'spdx-expression-parse';

// May a remix of a design under one licence be published under another? A remix inherits its
// parents' restrictions: "no derivatives" parents cannot be remixed, non-commercial terms carry
// over, and reciprocal (share-alike) parents allow only the licences their texts accept for
// adaptations. Permissive parents allow anything. The table and its sources are in
// docs/licences.md; a unit test walks it.

export type Incompatibility = 'NO_DERIVATIVES' | 'NON_COMMERCIAL' | 'SHARE_ALIKE' | 'UNKNOWN_TERMS';

// Reciprocal licences and the licences an adaptation of their work may carry (itself first).
// STRONG covers the whole remix; WEAK (CERN-OHL-W, MPL, LGPL) the modified design itself, which
// a remix is.
export const RECIPROCAL: Record<string, { strength: 'STRONG' | 'WEAK'; adaptations: string[] }> = {
  'CC-BY-SA-1.0': { strength: 'STRONG', adaptations: ['CC-BY-SA-1.0'] },
  'CC-BY-SA-2.0': { strength: 'STRONG', adaptations: ['CC-BY-SA-2.0', 'CC-BY-SA-2.5', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0'] },
  'CC-BY-SA-2.5': { strength: 'STRONG', adaptations: ['CC-BY-SA-2.5', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0'] },
  'CC-BY-SA-3.0': { strength: 'STRONG', adaptations: ['CC-BY-SA-3.0', 'CC-BY-SA-4.0'] },
  // Creative Commons' compatible licences list: BY-SA 4.0 adaptations may be GPLv3 (one way).
  'CC-BY-SA-4.0': { strength: 'STRONG', adaptations: ['CC-BY-SA-4.0', 'GPL-3.0-only', 'GPL-3.0-or-later'] },
  'CC-BY-NC-SA-2.0': { strength: 'STRONG', adaptations: ['CC-BY-NC-SA-2.0', 'CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0'] },
  'CC-BY-NC-SA-3.0': { strength: 'STRONG', adaptations: ['CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0'] },
  'CC-BY-NC-SA-4.0': { strength: 'STRONG', adaptations: ['CC-BY-NC-SA-4.0'] },
  'CERN-OHL-1.1': { strength: 'STRONG', adaptations: ['CERN-OHL-1.1'] },
  'CERN-OHL-1.2': { strength: 'STRONG', adaptations: ['CERN-OHL-1.2'] },
  'CERN-OHL-S-2.0': { strength: 'STRONG', adaptations: ['CERN-OHL-S-2.0'] },
  // Its "Compatible Licence" (1.2 b) names any version of CERN-OHL-S or CERN-OHL-W.
  'CERN-OHL-W-2.0': { strength: 'WEAK', adaptations: ['CERN-OHL-W-2.0', 'CERN-OHL-S-2.0'] },
  'TAPR-OHL-1.0': { strength: 'STRONG', adaptations: ['TAPR-OHL-1.0'] },
  'GPL-2.0-only': { strength: 'STRONG', adaptations: ['GPL-2.0-only'] },
  'GPL-2.0-or-later': { strength: 'STRONG', adaptations: ['GPL-2.0-or-later', 'GPL-2.0-only', 'GPL-3.0-or-later', 'GPL-3.0-only'] },
  'GPL-3.0-only': { strength: 'STRONG', adaptations: ['GPL-3.0-only'] },
  'GPL-3.0-or-later': { strength: 'STRONG', adaptations: ['GPL-3.0-or-later', 'GPL-3.0-only'] },
  'AGPL-3.0-only': { strength: 'STRONG', adaptations: ['AGPL-3.0-only'] },
  'AGPL-3.0-or-later': { strength: 'STRONG', adaptations: ['AGPL-3.0-or-later', 'AGPL-3.0-only'] },
  // LGPL 2.1 section 3 and LGPL 3 (GPLv3 plus permissions) allow the GPL instead.
  'LGPL-2.1-only': {
    strength: 'WEAK',
    adaptations: ['LGPL-2.1-only', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later'],
  },
  'LGPL-2.1-or-later': {
    strength: 'WEAK',
    adaptations: [
      'LGPL-2.1-or-later',
      'LGPL-2.1-only',
      'LGPL-3.0-or-later',
      'LGPL-3.0-only',
      'GPL-2.0-only',
      'GPL-2.0-or-later',
      'GPL-3.0-only',
      'GPL-3.0-or-later',
    ],
  },
  'LGPL-3.0-only': { strength: 'WEAK', adaptations: ['LGPL-3.0-only', 'GPL-3.0-only'] },
  'LGPL-3.0-or-later': { strength: 'WEAK', adaptations: ['LGPL-3.0-or-later', 'LGPL-3.0-only', 'GPL-3.0-or-later', 'GPL-3.0-only'] },
  'MPL-2.0': { strength: 'WEAK', adaptations: ['MPL-2.0'] },
  // The EUPL's appendix of compatible licences, as far as this platform knows them.
  'EUPL-1.2': {
    strength: 'STRONG',
    adaptations: ['EUPL-1.2', 'GPL-2.0-only', 'GPL-3.0-only', 'AGPL-3.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only', 'MPL-2.0', 'CC-BY-SA-3.0'],
  },
  'GFDL-1.3-only': { strength: 'STRONG', adaptations: ['GFDL-1.3-only'] },
  'GFDL-1.3-or-later': { strength: 'STRONG', adaptations: ['GFDL-1.3-or-later', 'GFDL-1.3-only'] },
};

// Licences whose terms this platform cannot read: a remix keeps them as they are.
const UNKNOWN_TERMS = /^(NOASSERTION|NONE|LicenseRef-.+)$/i;
const isNoDerivatives = (id: string) => /-ND-/i.test(id);
const isNonCommercial = (id: string) => /-NC-/i.test(id);

// An SPDX expression as alternatives (OR, the licensee's choice) of licences that all apply (AND).
export function alternatives(expression: string): string[][] {
  let ast: parseSpdx.Info;
  try {
    ast = parseSpdx(expression.trim());
  } catch {
    return [[expression.trim()]]; // NOASSERTION, NONE and the like: one opaque licence
  }
  const walk = (n: parseSpdx.Info): string[][] => {
    if ('license' in n) return [[n.plus && !/-or-later$/.test(n.license) ? `${n.license.replace(/-only$/, '')}-or-later` : n.license]];
    const left = walk(n.left);
    const right = walk(n.right);
    return n.conjunction === 'or' ? [...left, ...right] : left.flatMap((l) => right.map((r) => [...l, ...r]));
  };
  return walk(ast);
}

// Why a remix under `child` (one licence) may not take from a parent licensed `parent` (one
// licence); null when it may.
export function atomIncompatibility(parent: string, child: string): Incompatibility | null {
  if (isNoDerivatives(parent)) return 'NO_DERIVATIVES';
  if (UNKNOWN_TERMS.test(parent)) return parent.toLowerCase() === child.toLowerCase() ? null : 'UNKNOWN_TERMS';
  const reciprocal = RECIPROCAL[parent];
  if (reciprocal)
    return reciprocal.adaptations.includes(child)
      ? null
      : isNonCommercial(parent) && !isNonCommercial(child)
        ? 'NON_COMMERCIAL'
        : 'SHARE_ALIKE';
  // Non-commercial terms carry over: the remix must not grant commercial use either.
  if (isNonCommercial(parent) && !isNonCommercial(child) && !UNKNOWN_TERMS.test(child)) return 'NON_COMMERCIAL';
  return null;
}

// Whole expressions. The remixer may pick any of the parent's alternatives; every alternative
// the remix offers must be allowed (its users may pick any); a licence that applies alongside
// others (AND) carries its terms for the whole, so one that satisfies the parent is enough.
export function remixIncompatibility(parentExpression: string, childExpression: string): Incompatibility | null {
  const childOptions = alternatives(childExpression);
  let first: Incompatibility | null = null;
  for (const parentOption of alternatives(parentExpression)) {
    const problem = optionIncompatibility(parentOption, childOptions);
    if (!problem) return null;
    first ??= problem;
  }
  return first;
}

function optionIncompatibility(parentOption: string[], childOptions: string[][]): Incompatibility | null {
  for (const parent of parentOption) {
    for (const childOption of childOptions) {
      const problems = childOption.map((child) => atomIncompatibility(parent, child));
      if (!problems.includes(null)) return problems[0]!;
    }
  }
  return null;
}

export const INCOMPATIBILITY_WORDS: Record<Incompatibility, string> = {
  NO_DERIVATIVES: 'forbids derivatives, so it cannot be remixed',
  NON_COMMERCIAL: 'is non-commercial, so a remix must be non-commercial too',
  SHARE_ALIKE: 'is share-alike, so a remix must carry the same licence or one it names as compatible',
  UNKNOWN_TERMS: 'has terms this platform cannot read, so a remix must keep that licence',
};
