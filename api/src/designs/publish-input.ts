import { InvalidInputError } from '../common/errors/domain-error.js';
import { requireText } from '../identity/text.js';
import {
  LINEAGE_RELATIONS,
  TOLERANCE_CLASSES,
  type BomLine,
  type Dimensions,
  type LineageRelation,
  type ParentShare,
  type Part,
  type ToleranceClass,
} from './designs.types.js';
import { commercialClass, normalizeLicence, type LicenceClass, type NormalizedLicence } from './licences.js';
import { normalizeProcess } from './process-taxonomy.js';

// What a client may send to publish a version (GraphQL input or an imported manifest).
export interface PublishInput {
  designId?: string | null;
  organizationId?: string | null;
  title: string;
  description?: string | null;
  version?: string | null;
  files?: Array<{ path: string; cid: string }> | null;
  rootCid?: string | null;
  license: { hardware: string; documentation?: string | null; software?: string | null };
  documentationLanguage?: string | null;
  technologyReadinessLevel?: string | null;
  documentationReadinessLevel?: string | null;
  bom?: Array<Partial<BomLine> & { name: string; quantity: number }> | null;
  parts?: Array<{
    id?: string | null;
    name: string;
    material?: string | null;
    process?: string | null;
    outerDimensionsMm?: Dimensions | null;
    massGrams?: number | null;
    minBuildVolumeMm?: Dimensions | null;
    toleranceClass?: string | null;
  }> | null;
  derivativeOf?: Array<{ versionCid: string; shareBps: number; relation?: string | null }> | null;
  notes?: string[];
}

export interface PublishCommand {
  designId?: string;
  organizationId?: string;
  title: string;
  description?: string;
  version?: string;
  files: Array<{ path: string; cid: string }>;
  rootCid?: string;
  licences: { hardware: NormalizedLicence; documentation?: NormalizedLicence; software?: NormalizedLicence };
  licenceClass: LicenceClass;
  documentationLanguage?: string;
  technologyReadinessLevel?: string;
  documentationReadinessLevel?: string;
  bom: BomLine[];
  parts: Part[];
  derivativeOf: ParentShare[];
  notes: string[];
}

const MAX_SHARE = 10_000;
const opt = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? undefined : v);

function positive(field: string, value: number | null | undefined, allowZero = false): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidInputError(field, `${field} must be a positive number.`, 'OUT_OF_RANGE');
  }
  return value;
}

function dimensions(field: string, d: Dimensions | null | undefined): Dimensions | undefined {
  if (!d) return undefined;
  return { x: positive(`${field}.x`, d.x)!, y: positive(`${field}.y`, d.y)!, z: positive(`${field}.z`, d.z)! };
}

// Validates and normalizes; every error names the field path (e.g. parts[2].process).
export function parsePublishInput(input: PublishInput): PublishCommand {
  const title = requireText('title', input.title, 1, 200);
  const description = opt(input.description) && requireText('description', input.description!.replace(/\r\n?/g, '\n'), 1, 20_000, true);
  const version = opt(input.version) && requireText('version', input.version!, 1, 64);
  const hardware = normalizeLicence(input.license.hardware, 'license.hardware');
  const documentation = opt(input.license.documentation)
    ? normalizeLicence(input.license.documentation!, 'license.documentation')
    : undefined;
  const software = opt(input.license.software) ? normalizeLicence(input.license.software!, 'license.software') : undefined;

  const parts: Part[] = (input.parts ?? []).map((p, i) => {
    const f = `parts[${i}]`;
    const process = opt(p.process);
    const canonical = process ? normalizeProcess(process) : undefined;
    if (process && !canonical)
      throw new InvalidInputError(`${f}.process`, `"${process}" is not a known manufacturing process.`, 'UNKNOWN_PROCESS');
    const tolerance = opt(p.toleranceClass);
    if (tolerance && !(TOLERANCE_CLASSES as readonly string[]).includes(tolerance)) {
      throw new InvalidInputError(`${f}.toleranceClass`, 'toleranceClass must be one of f, m, c, v (ISO 2768-1).', 'INVALID');
    }
    const part: Part = { id: opt(p.id) ?? `part-${i + 1}`, name: requireText(`${f}.name`, p.name, 1, 200) };
    if (opt(p.material)) part.material = requireText(`${f}.material`, p.material!, 1, 100);
    if (canonical) part.process = canonical.code;
    const outer = dimensions(`${f}.outerDimensionsMm`, p.outerDimensionsMm);
    if (outer) part.outerDimensionsMm = outer;
    const volume = dimensions(`${f}.minBuildVolumeMm`, p.minBuildVolumeMm);
    if (volume) part.minBuildVolumeMm = volume;
    const mass = positive(`${f}.massGrams`, p.massGrams);
    if (mass !== undefined) part.massGrams = mass;
    if (tolerance) part.toleranceClass = tolerance as ToleranceClass;
    return part;
  });
  const partIds = new Set<string>();
  parts.forEach((p, i) => {
    if (partIds.has(p.id)) throw new InvalidInputError(`parts[${i}].id`, `Part id "${p.id}" is used twice.`, 'DUPLICATE');
    partIds.add(p.id);
  });

  const bom: BomLine[] = (input.bom ?? []).map((l, i) => {
    const f = `bom[${i}]`;
    const line: BomLine = {
      id: opt(l.id) ?? `line-${i + 1}`,
      name: requireText(`${f}.name`, l.name, 1, 200),
      quantity: positive(`${f}.quantity`, l.quantity)!,
      unit: opt(l.unit) ?? 'pcs',
    };
    if (opt(l.partId)) {
      if (!partIds.has(l.partId!)) throw new InvalidInputError(`${f}.partId`, `No part has id "${l.partId}".`, 'UNKNOWN_PART');
      line.partId = l.partId!;
    }
    if (opt(l.mpn)) line.mpn = l.mpn!.trim();
    if (opt(l.source)) line.source = l.source!.trim();
    return line;
  });

  const derivativeOf: ParentShare[] = (input.derivativeOf ?? []).map((d, i) => {
    const f = `derivativeOf[${i}]`;
    if (!Number.isInteger(d.shareBps) || d.shareBps < 0 || d.shareBps > MAX_SHARE) {
      throw new InvalidInputError(`${f}.shareBps`, 'shareBps is a whole number of basis points from 0 to 10000.', 'OUT_OF_RANGE');
    }
    const relation = (opt(d.relation) ?? 'DERIVATIVE_OF') as LineageRelation;
    if (!LINEAGE_RELATIONS.includes(relation))
      throw new InvalidInputError(`${f}.relation`, 'relation must be DERIVATIVE_OF or VARIANT_OF.', 'INVALID');
    return { versionCid: d.versionCid.trim(), shareBps: d.shareBps, relation };
  });
  if (new Set(derivativeOf.map((d) => d.versionCid)).size !== derivativeOf.length) {
    throw new InvalidInputError('derivativeOf', 'A parent version is listed twice.', 'DUPLICATE');
  }
  const total = derivativeOf.reduce((s, d) => s + d.shareBps, 0);
  if (total > MAX_SHARE) {
    throw new InvalidInputError(
      'derivativeOf',
      `Parent shares add up to ${total} basis points; at most 10000 (100 %).`,
      'SHARES_OVER_100_PERCENT',
    );
  }

  const files = (input.files ?? []).map((f, i) => ({ path: requireText(`files[${i}].path`, f.path, 1, 1024), cid: f.cid.trim() }));
  if (!opt(input.rootCid) && files.length === 0) {
    throw new InvalidInputError('files', 'A design version needs files: pass rootCid (an uploaded folder) or files.', 'NO_FILES');
  }

  return {
    designId: opt(input.designId),
    organizationId: opt(input.organizationId),
    title,
    description: description || undefined,
    version: version || undefined,
    files,
    rootCid: opt(input.rootCid)?.trim(),
    licences: { hardware, documentation, software },
    licenceClass: commercialClass([hardware, documentation, software]),
    documentationLanguage: opt(input.documentationLanguage),
    technologyReadinessLevel: opt(input.technologyReadinessLevel),
    documentationReadinessLevel: opt(input.documentationReadinessLevel),
    bom,
    parts,
    derivativeOf,
    notes: (input.notes ?? []).slice(0, 100).map((n) => n.slice(0, 1000)),
  };
}
