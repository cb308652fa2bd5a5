import { InvalidInputError } from '../common/errors/domain-error.js';

// What a licence lets a co-op do when it fabricates and sells a design, from least to
// most restrictive. Matching refuses NOT_ALLOWED and sends NON_COMMERCIAL_ONLY only
// to unpaid requests; rewards read ATTRIBUTION/SHARE_ALIKE duties.
export const LICENCE_CLASSES = ['ALLOWED', 'ATTRIBUTION_REQUIRED', 'SHARE_ALIKE', 'NON_COMMERCIAL_ONLY', 'NOT_ALLOWED'] as const;
export type LicenceClass = (typeof LICENCE_CLASSES)[number];

const TABLE: Array<[LicenceClass, string[]]> = [
  ['ALLOWED', ['CC0-1.0', 'Unlicense', '0BSD', 'WTFPL', 'CC-PDDC']],
  [
    'ATTRIBUTION_REQUIRED',
    [
      'MIT',
      'Apache-2.0',
      'BSD-2-Clause',
      'BSD-3-Clause',
      'ISC',
      'Zlib',
      'CC-BY-1.0',
      'CC-BY-2.0',
      'CC-BY-2.5',
      'CC-BY-3.0',
      'CC-BY-4.0',
      'CERN-OHL-P-2.0',
      'Solderpad-0.51',
      'SHL-0.51',
      'SHL-2.1',
      'CC-BY-ND-3.0',
      'CC-BY-ND-4.0',
      'OFL-1.1',
    ],
  ],
  [
    'SHARE_ALIKE',
    [
      'CC-BY-SA-1.0',
      'CC-BY-SA-2.0',
      'CC-BY-SA-2.5',
      'CC-BY-SA-3.0',
      'CC-BY-SA-4.0',
      'CERN-OHL-1.1',
      'CERN-OHL-1.2',
      'CERN-OHL-S-2.0',
      'CERN-OHL-W-2.0',
      'TAPR-OHL-1.0',
      'GPL-2.0-only',
      'GPL-2.0-or-later',
      'GPL-3.0-only',
      'GPL-3.0-or-later',
      'LGPL-2.1-only',
      'LGPL-2.1-or-later',
      'LGPL-3.0-only',
      'LGPL-3.0-or-later',
      'AGPL-3.0-only',
      'AGPL-3.0-or-later',
      'MPL-2.0',
      'EUPL-1.2',
      'GFDL-1.3-only',
      'GFDL-1.3-or-later',
    ],
  ],
  [
    'NON_COMMERCIAL_ONLY',
    [
      'CC-BY-NC-2.0',
      'CC-BY-NC-3.0',
      'CC-BY-NC-4.0',
      'CC-BY-NC-SA-2.0',
      'CC-BY-NC-SA-3.0',
      'CC-BY-NC-SA-4.0',
      'CC-BY-NC-ND-3.0',
      'CC-BY-NC-ND-4.0',
    ],
  ],
  ['NOT_ALLOWED', ['NOASSERTION', 'NONE']],
];
// lower-case id → [canonical spelling, class]
const KNOWN = new Map<string, [string, LicenceClass]>(
  TABLE.flatMap(([cls, ids]) => ids.map((id) => [id.toLowerCase(), [id, cls]] as const)),
);

// Free-text names seen in real manifests, each to one SPDX id when that is unambiguous.
const FREE_TEXT: Array<[RegExp, string, string?]> = [
  [/^cern[\s-]*ohl[\s-]*v?1\.2$/i, 'CERN-OHL-1.2'],
  [/^cern[\s-]*ohl[\s-]*v?1\.1$/i, 'CERN-OHL-1.1'],
  [/^cern[\s-]*ohl[\s-]*s[\s-]*v?2(\.0)?$/i, 'CERN-OHL-S-2.0'],
  [/^cern[\s-]*ohl[\s-]*w[\s-]*v?2(\.0)?$/i, 'CERN-OHL-W-2.0'],
  [/^cern[\s-]*ohl[\s-]*p[\s-]*v?2(\.0)?$/i, 'CERN-OHL-P-2.0'],
  [/^(cc[\s-]*)?by[\s-]*sa[\s-]*v?(4\.0|4)$/i, 'CC-BY-SA-4.0'],
  [/^(cc[\s-]*)?by[\s-]*sa[\s-]*v?3\.0$/i, 'CC-BY-SA-3.0'],
  [/^(cc[\s-]*)?by[\s-]*v?(4\.0|4)$/i, 'CC-BY-4.0'],
  [/^(cc[\s-]*)?by[\s-]*nc[\s-]*sa[\s-]*v?(4\.0|4)$/i, 'CC-BY-NC-SA-4.0'],
  [/^(cc[\s-]*)?by[\s-]*nc[\s-]*v?(4\.0|4)$/i, 'CC-BY-NC-4.0'],
  [/^creative commons attribution[\s-]*share[\s-]*alike 4\.0( international)?$/i, 'CC-BY-SA-4.0'],
  [/^creative commons attribution 4\.0( international)?$/i, 'CC-BY-4.0'],
  [/^(cc[\s-]*0|cc0|public domain)$/i, 'CC0-1.0'],
  [/^mit( license)?$/i, 'MIT'],
  [/^apache( license)?[\s-]*(v|version )?2(\.0)?$/i, 'Apache-2.0'],
  [/^(gnu[\s-]*)?gpl[\s-]*v?3(\.0)?$/i, 'GPL-3.0-or-later', 'GPL-3.0-only or GPL-3.0-or-later: the text does not say which'],
  [/^(gnu[\s-]*)?gpl[\s-]*v?2(\.0)?$/i, 'GPL-2.0-or-later', 'GPL-2.0-only or GPL-2.0-or-later: the text does not say which'],
  [/^(gnu[\s-]*)?agpl[\s-]*v?3(\.0)?$/i, 'AGPL-3.0-or-later', 'AGPL-3.0-only or AGPL-3.0-or-later: the text does not say which'],
  [/^tapr[\s-]*ohl[\s-]*(v?1\.0)?$/i, 'TAPR-OHL-1.0'],
  [/^(solderpad|shl)[\s-]*(v?2\.1)$/i, 'SHL-2.1'],
  // Bare family names (as OSHWA's certification form offers them): the version is a guess.
  [/^cern([\s-]*ohl)?$/i, 'CERN-OHL-1.2', 'CERN OHL without a version: CERN-OHL-1.2 assumed'],
  [/^tapr([\s-]*ohl)?$/i, 'TAPR-OHL-1.0'],
  [/^solderpad$/i, 'SHL-2.1', 'Solderpad without a version: SHL-2.1 assumed'],
  [/^cc[\s-]*by[\s-]*sa$/i, 'CC-BY-SA-4.0', 'CC BY-SA without a version: 4.0 assumed'],
  [/^cc[\s-]*by$/i, 'CC-BY-4.0', 'CC BY without a version: 4.0 assumed'],
  [/^cc[\s-]*by[\s-]*nc[\s-]*sa$/i, 'CC-BY-NC-SA-4.0', 'CC BY-NC-SA without a version: 4.0 assumed'],
];

export interface NormalizedLicence {
  spdx: string;
  licenceClass: LicenceClass;
  // Set when the free text was mapped to a guess (e.g. GPL version suffix unknown).
  ambiguity?: string;
}

const RANK = (c: LicenceClass) => LICENCE_CLASSES.indexOf(c);
const most = (classes: LicenceClass[], pick: 'restrictive' | 'permissive') =>
  classes.reduce((a, b) => ((pick === 'restrictive' ? RANK(b) > RANK(a) : RANK(b) < RANK(a)) ? b : a));

function classOfId(id: string): LicenceClass | undefined {
  const known = KNOWN.get(id.replace(/\+$/, '').toLowerCase());
  if (known) return known[1];
  // A custom licence (LicenseRef-…) grants nothing we can rely on.
  if (/^licenseref-[a-z0-9.-]+$/i.test(id)) return 'NOT_ALLOWED';
  return undefined;
}

// Class of an SPDX expression: AND takes the most restrictive part, OR (the user's choice) the most permissive.
function classOfExpression(expr: string): LicenceClass | undefined {
  const text = expr
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .replace(/\s+WITH\s+\S+/gi, '');
  const or = text.split(/\s+OR\s+/i);
  if (or.length > 1) {
    const parts = or.map(classOfExpression);
    return parts.includes(undefined) ? undefined : most(parts as LicenceClass[], 'permissive');
  }
  const and = text.split(/\s+AND\s+/i);
  if (and.length > 1) {
    const parts = and.map(classOfExpression);
    return parts.includes(undefined) ? undefined : most(parts as LicenceClass[], 'restrictive');
  }
  return classOfId(text.replace(/[()]/g, '').trim());
}

function canonicalCase(expr: string): string {
  return expr
    .trim()
    .replace(/[A-Za-z0-9.+-]+/g, (token) =>
      /^(and|or|with)$/i.test(token) ? token.toUpperCase() : (KNOWN.get(token.toLowerCase())?.[0] ?? token),
    );
}

// An SPDX expression, or free text mapped to one; unknown licences are refused.
export function normalizeLicence(raw: string, field = 'license'): NormalizedLicence {
  const text = raw.trim();
  const asExpression = classOfExpression(text);
  if (asExpression) return { spdx: canonicalCase(text), licenceClass: asExpression };
  for (const [pattern, spdx, ambiguity] of FREE_TEXT) {
    if (pattern.test(text)) return { spdx, licenceClass: classOfId(spdx)!, ambiguity };
  }
  throw new InvalidInputError(
    field,
    `"${text.slice(0, 100)}" is not a licence we recognise. Use an SPDX identifier or expression (e.g. CERN-OHL-S-2.0, CC-BY-SA-4.0).`,
    'UNKNOWN_LICENCE',
  );
}

// The class of a version: the most restrictive of its hardware, documentation and software licences.
export function commercialClass(licences: Array<NormalizedLicence | undefined>): LicenceClass {
  const present = licences.filter((l): l is NormalizedLicence => !!l).map((l) => l.licenceClass);
  return present.length ? most(present, 'restrictive') : 'NOT_ALLOWED';
}
