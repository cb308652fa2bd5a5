import { normalizeLicence } from './licences.js';
import { alternatives, RECIPROCAL, remixIncompatibility } from './licence-compatibility.js';

describe('remix licence compatibility', () => {
  it.each([
    // Non-commercial carries over.
    ['CC-BY-NC-4.0', 'CC-BY-4.0', 'NON_COMMERCIAL'],
    ['CC-BY-NC-4.0', 'CERN-OHL-S-2.0', 'NON_COMMERCIAL'],
    ['CC-BY-NC-4.0', 'CC-BY-NC-4.0', null],
    ['CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', null],
    ['CC-BY-NC-SA-4.0', 'CC-BY-SA-4.0', 'NON_COMMERCIAL'],
    ['CC-BY-NC-SA-4.0', 'CC-BY-NC-4.0', 'SHARE_ALIKE'],
    ['CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0', null],
    // No derivatives: never remixed, whatever the remix's licence.
    ['CC-BY-ND-4.0', 'CC-BY-ND-4.0', 'NO_DERIVATIVES'],
    ['CC-BY-NC-ND-4.0', 'CC-BY-NC-ND-4.0', 'NO_DERIVATIVES'],
    // Strongly reciprocal parents.
    ['CERN-OHL-S-2.0', 'CERN-OHL-S-2.0', null],
    ['CERN-OHL-S-2.0', 'CERN-OHL-P-2.0', 'SHARE_ALIKE'],
    ['CERN-OHL-S-2.0', 'MIT', 'SHARE_ALIKE'],
    ['CERN-OHL-S-2.0', 'CC-BY-SA-4.0', 'SHARE_ALIKE'], // not automatic either way
    ['CC-BY-SA-4.0', 'CERN-OHL-S-2.0', 'SHARE_ALIKE'],
    ['CC-BY-SA-4.0', 'GPL-3.0-only', null], // Creative Commons' compatible licences list, one way
    ['CC-BY-SA-4.0', 'GPL-3.0-or-later', null],
    ['GPL-3.0-only', 'CC-BY-SA-4.0', 'SHARE_ALIKE'],
    ['CC-BY-SA-3.0', 'CC-BY-SA-4.0', null],
    ['CC-BY-SA-4.0', 'CC-BY-SA-3.0', 'SHARE_ALIKE'],
    ['GPL-2.0-only', 'GPL-3.0-only', 'SHARE_ALIKE'],
    ['GPL-2.0-or-later', 'GPL-3.0-only', null],
    ['GPL-2.0+', 'GPL-3.0-or-later', null],
    ['TAPR-OHL-1.0', 'CERN-OHL-S-2.0', 'SHARE_ALIKE'],
    // Weakly reciprocal.
    ['CERN-OHL-W-2.0', 'CERN-OHL-W-2.0', null],
    ['CERN-OHL-W-2.0', 'CERN-OHL-S-2.0', null],
    ['CERN-OHL-W-2.0', 'CERN-OHL-P-2.0', 'SHARE_ALIKE'],
    ['LGPL-3.0-only', 'GPL-3.0-only', null],
    // Permissive parents allow anything.
    ['CERN-OHL-P-2.0', 'CC-BY-NC-4.0', null],
    ['MIT', 'LicenseRef-Proprietary', null],
    ['CC0-1.0', 'CERN-OHL-S-2.0', null],
    ['CC-BY-4.0', 'CC-BY-NC-4.0', null],
    // Terms we cannot read: kept as they are.
    ['NOASSERTION', 'MIT', 'UNKNOWN_TERMS'],
    ['LicenseRef-Shop', 'LicenseRef-Shop', null],
    // Expressions: the remixer picks one of the parent's options; users of the remix may pick any of its.
    ['MIT OR GPL-3.0-only', 'Apache-2.0', null],
    ['CC-BY-NC-4.0 OR CERN-OHL-S-2.0', 'CERN-OHL-S-2.0', null],
    ['MIT AND CC-BY-NC-4.0', 'MIT', 'NON_COMMERCIAL'],
    ['CC-BY-NC-4.0', 'MIT OR CC-BY-NC-4.0', 'NON_COMMERCIAL'],
    ['CC-BY-NC-4.0', 'MIT AND CC-BY-NC-4.0', null],
    ['(GPL-3.0-or-later WITH Classpath-exception-2.0)', 'GPL-3.0-only', null],
  ])('a remix of %s under %s: %s', (parent, child, expected) => {
    expect(remixIncompatibility(parent, child)).toBe(expected);
  });

  it('keeps a table of known licences, each reciprocal licence accepting itself first', () => {
    for (const [id, { adaptations }] of Object.entries(RECIPROCAL)) {
      expect(adaptations[0]).toBe(id);
      for (const a of [id, ...adaptations]) expect(normalizeLicence(a).spdx).toBe(a);
      expect(remixIncompatibility(id, id)).toBeNull();
      expect(remixIncompatibility(id, 'CC0-1.0')).not.toBeNull();
    }
  });

  it('reads expressions as alternatives of licences that apply together', () => {
    expect(alternatives('MIT OR (Apache-2.0 AND CC-BY-4.0)')).toEqual([['MIT'], ['Apache-2.0', 'CC-BY-4.0']]);
    expect(alternatives('NOASSERTION')).toEqual([['NOASSERTION']]);
  });
});
