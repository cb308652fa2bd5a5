import { InvalidInputError } from '../../common/errors/domain-error.js';
import { normalizeLicence } from '../licences.js';
import type { PublishInput } from '../publish-input.js';

// An OSHWA certification record (certificationapi.oshwa.org) as a design version.
export interface OshwaRecord {
  oshwaUid: string;
  projectName: string;
  projectVersion?: string;
  projectDescription?: string;
  primaryType?: string;
  additionalType?: string[];
  projectKeywords?: string[];
  hardwareLicense?: string;
  documentationLicense?: string;
  softwareLicense?: string;
  projectWebsite?: string;
  documentationUrl?: string;
  certificationDate?: string;
  // Earlier certifications of the same project.
  previousVersions?: string[];
}

// Records ordered so every earlier version comes before the versions that name it. Every
// record is kept (the export holds a few duplicate ids); a lineage loop is broken where met.
export function inLineageOrder(records: OshwaRecord[]): OshwaRecord[] {
  const byUid = new Map<string, OshwaRecord>();
  for (const r of records) if (!byUid.has(r.oshwaUid)) byUid.set(r.oshwaUid, r);
  const placed = new Set<OshwaRecord>();
  const ordered: OshwaRecord[] = [];
  const place = (r: OshwaRecord, path: Set<OshwaRecord>) => {
    if (placed.has(r) || path.has(r)) return;
    path.add(r);
    for (const uid of r.previousVersions ?? []) {
      const earlier = byUid.get(uid);
      if (earlier && earlier !== r) place(earlier, path);
    }
    placed.add(r);
    ordered.push(r);
  };
  records.forEach((r) => place(r, new Set()));
  return ordered;
}

const PROCESS_OF_TYPE: Record<string, string> = {
  Electronics: 'PCB_FABRICATION',
  IOT: 'PCB_FABRICATION',
  Sound: 'PCB_FABRICATION',
  '3D Printing': 'THREE_D_PRINTING',
  Enclosure: 'THREE_D_PRINTING',
  Manufacturing: 'MACHINING',
  Wearables: 'SEWING',
};

const NONE = /^(other|no software|none|n\/a)?$/i;

function licence(raw: string | undefined, role: string, notes: string[]): string | undefined {
  const text = raw?.trim() ?? '';
  if (NONE.test(text)) {
    if (text && role === 'hardware') notes.push(`OSHWA lists the ${role} licence as "${text}"; recorded as NOASSERTION.`);
    return role === 'hardware' ? 'NOASSERTION' : undefined;
  }
  try {
    const n = normalizeLicence(text, `license.${role}`);
    if (n.ambiguity) notes.push(`${role} licence "${text}": ${n.ambiguity}.`);
    return n.spdx;
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    notes.push(`${role} licence "${text}" is not a licence we recognise; recorded as NOASSERTION.`);
    return role === 'hardware' ? 'NOASSERTION' : undefined;
  }
}

export function fromOshwa(record: OshwaRecord): { input: PublishInput; notes: string[] } {
  const notes = [`OSHWA certification ${record.oshwaUid}${record.certificationDate ? ` (${record.certificationDate.slice(0, 10)})` : ''}.`];
  if (record.projectWebsite) notes.push(`Project website: ${record.projectWebsite}.`);
  const process = PROCESS_OF_TYPE[record.primaryType ?? ''] ?? (record.additionalType ?? []).map((t) => PROCESS_OF_TYPE[t]).find(Boolean);
  const description = record.projectDescription
    ?.replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim()
    .slice(0, 20_000);
  return {
    notes,
    input: {
      title: record.projectName.trim().slice(0, 200) || record.oshwaUid,
      description: description || undefined,
      version: record.projectVersion?.trim().slice(0, 64) || undefined,
      license: {
        hardware: licence(record.hardwareLicense, 'hardware', notes)!,
        documentation: licence(record.documentationLicense, 'documentation', notes),
        software: licence(record.softwareLicense, 'software', notes),
      },
      parts: process ? [{ id: 'main', name: record.projectName.trim().slice(0, 200) || record.oshwaUid, process }] : [],
      notes,
    },
  };
}
