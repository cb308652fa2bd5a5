import type { CID } from 'multiformats/cid';
import type { FileRef, Manifest } from './designs.types.js';
import type { PublishCommand } from './publish-input.js';

export const OKH_VERSION = 'OKH-LOSHv1.0';

// A version's manifest (Open Know-How, LOSH): what the published block says about the design.
export function buildManifest(cmd: PublishCommand, agentDid: string, root: CID, files: FileRef[], publishedAt: Date): Manifest {
  return {
    okhv: OKH_VERSION,
    name: cmd.title,
    ...(cmd.version && { version: cmd.version }),
    ...(cmd.description && { function: cmd.description }),
    licensor: agentDid,
    license: {
      hardware: cmd.licences.hardware.spdx,
      ...(cmd.licences.documentation && { documentation: cmd.licences.documentation.spdx }),
      ...(cmd.licences.software && { software: cmd.licences.software.spdx }),
    },
    ...(cmd.documentationLanguage && { documentationLanguage: cmd.documentationLanguage }),
    ...(cmd.technologyReadinessLevel && { technologyReadinessLevel: cmd.technologyReadinessLevel }),
    ...(cmd.documentationReadinessLevel && { documentationReadinessLevel: cmd.documentationReadinessLevel }),
    root: root.toString(),
    files,
    parts: cmd.parts,
    bom: cmd.bom,
    derivativeOf: cmd.derivativeOf,
    publishedAt: publishedAt.toISOString(),
    ...(cmd.notes.length && { notes: cmd.notes }),
  };
}
