import { IncompatibleLicenceError } from './designs.errors.js';
import type { DesignVersion } from './designs.types.js';
import { remixIncompatibility } from './licence-compatibility.js';
import type { PublishCommand } from './publish-input.js';

const LICENCE_SLOTS = ['hardware', 'documentation', 'software'] as const;

// Every parent's licence in each slot must allow the licence the new version carries there (the
// hardware licence where it names none). index: the parent's place in derivativeOf, if named there.
export function requireCompatibleLicences(
  cmd: PublishCommand,
  constraints: ReadonlyArray<{ parent: DesignVersion; index: number | null }>,
): void {
  for (const { parent, index } of constraints) {
    for (const slot of LICENCE_SLOTS) {
      const parentLicence = parent.licences[slot];
      if (!parentLicence) continue;
      const licence = (cmd.licences[slot] ?? cmd.licences.hardware).spdx;
      const why = remixIncompatibility(parentLicence, licence);
      if (why)
        throw new IncompatibleLicenceError(
          why === 'NO_DERIVATIVES' && index !== null ? `derivativeOf[${index}]` : `license.${cmd.licences[slot] ? slot : 'hardware'}`,
          why,
          { cid: parent.cid, title: parent.title, licence: parentLicence },
          licence,
        );
    }
  }
}
