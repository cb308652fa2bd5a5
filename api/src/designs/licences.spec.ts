import { InvalidInputError } from '../common/errors/domain-error.js';
import { commercialClass, normalizeLicence } from './licences.js';

describe('licences', () => {
  it.each([
    ['CERN-OHL-S-2.0', 'CERN-OHL-S-2.0', 'SHARE_ALIKE'],
    ['cern-ohl-p-2.0', 'CERN-OHL-P-2.0', 'ATTRIBUTION_REQUIRED'],
    ['CC0-1.0', 'CC0-1.0', 'ALLOWED'],
    ['CC-BY-NC-SA-4.0', 'CC-BY-NC-SA-4.0', 'NON_COMMERCIAL_ONLY'],
    ['MIT OR GPL-3.0-only', 'MIT OR GPL-3.0-only', 'ATTRIBUTION_REQUIRED'],
    ['MIT AND CC-BY-NC-4.0', 'MIT AND CC-BY-NC-4.0', 'NON_COMMERCIAL_ONLY'],
    ['(GPL-2.0-or-later WITH Classpath-exception-2.0)', '(GPL-2.0-or-later WITH Classpath-exception-2.0)', 'SHARE_ALIKE'],
    ['LicenseRef-Proprietary', 'LicenseRef-Proprietary', 'NOT_ALLOWED'],
  ])('reads the SPDX expression %s', (input, spdx, cls) => {
    expect(normalizeLicence(input)).toEqual({ spdx, licenceClass: cls });
  });

  it.each([
    ['CERN OHL v1.2', 'CERN-OHL-1.2'],
    ['BY-SA 4.0', 'CC-BY-SA-4.0'],
    ['CC BY 4.0', 'CC-BY-4.0'],
    ['Creative Commons Attribution-ShareAlike 4.0 International', 'CC-BY-SA-4.0'],
    ['public domain', 'CC0-1.0'],
  ])('maps the free text "%s" to %s', (input, spdx) => {
    expect(normalizeLicence(input)).toMatchObject({ spdx, ambiguity: undefined });
  });

  it('flags free text whose SPDX id it has to guess', () => {
    expect(normalizeLicence('GNU GPL v3.0')).toEqual({
      spdx: 'GPL-3.0-or-later',
      licenceClass: 'SHARE_ALIKE',
      ambiguity: expect.stringContaining('GPL-3.0-only'),
    });
  });

  it('refuses what it does not recognise', () => {
    expect(() => normalizeLicence('do whatever, probably')).toThrow(InvalidInputError);
  });

  it('classes a version by its most restrictive licence', () => {
    const hw = normalizeLicence('CERN-OHL-P-2.0');
    const docs = normalizeLicence('CC-BY-SA-4.0');
    expect(commercialClass([hw, docs, undefined])).toBe('SHARE_ALIKE');
    expect(commercialClass([undefined])).toBe('NOT_ALLOWED');
  });
});
