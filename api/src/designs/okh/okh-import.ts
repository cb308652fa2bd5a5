import { InvalidInputError } from '../../common/errors/domain-error.js';
import { normalizeLicence } from '../licences.js';
import { normalizeProcess } from '../process-taxonomy.js';
import type { PublishInput } from '../publish-input.js';
import { outerDimensions, toleranceClassOfItGrade } from './okh-dimensions.js';
import { detectSpec, validateManifest, type OkhSpec } from './okh-schema.js';
import { parseManifestText, type ManifestFormat } from './okh-format.js';

export interface ImportedManifest {
  spec: OkhSpec;
  input: Omit<PublishInput, 'rootCid' | 'files' | 'designId' | 'organizationId'>;
  // What could not be carried over as data (free-text licences guessed, unknown processes, links).
  notes: string[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const first = (v: unknown): string | undefined => (Array.isArray(v) ? str(v[0]) : str(v));

// A licence as data when it can be, and a note when it had to be guessed or was not understood.
function licence(raw: unknown, role: string, notes: string[]): string | undefined {
  const text = str(raw);
  if (!text) return undefined;
  try {
    const n = normalizeLicence(text, `license.${role}`);
    if (n.spdx.toLowerCase() !== text.toLowerCase())
      notes.push(`${role} licence "${text}" read as ${n.spdx}${n.ambiguity ? ` (${n.ambiguity})` : ''}.`);
    return n.spdx;
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    notes.push(`${role} licence "${text}" is not a licence we recognise; recorded as NOASSERTION.`);
    return 'NOASSERTION';
  }
}

function process(raw: unknown, where: string, notes: string[]): string | undefined {
  const text = first(raw);
  if (!text) return undefined;
  const p = normalizeProcess(text);
  if (!p) notes.push(`${where}: manufacturing process "${text}" is not in the taxonomy; left out.`);
  return p?.code;
}

// A manifest scalar as text; a missing one is the fallback, anything else reads as no number.
const scalarText = (v: unknown, fallback: string): string =>
  v === null || v === undefined ? fallback : typeof v === 'string' || typeof v === 'number' ? String(v) : '?';

// `350`, `"350 g"`, `"0.35 kg"` or `{ value = 350, unit = "g" }` → grams.
function grams(raw: unknown): number | undefined {
  if (Array.isArray(raw)) return grams(raw[0]);
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  const text = obj ? `${scalarText(obj.value, '')} ${scalarText(obj.unit, 'g')}` : scalarText(raw, '');
  const match = /^\s*([\d.]+)\s*(kg|g)?\s*$/i.exec(typeof raw === 'number' ? `${raw} g` : text);
  if (!match) return undefined;
  const n = Number(match[1]) * (match[2]?.toLowerCase() === 'kg' ? 1000 : 1);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

// `smallest-tolerance-class = "IT11"` as an ISO 2768-1 class (okh-dimensions.ts gives the mapping).
function tolerance(raw: unknown, where: string, notes: string[]): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const t = toleranceClassOfItGrade(raw);
  if (!t) {
    notes.push(`${where}: tolerance "${scalarText(raw, '')}" is not an ISO 286 IT grade; left out.`);
    return undefined;
  }
  if (t.finerThanClass)
    notes.push(`${where}: ${scalarText(raw, '')} is finer than ISO 2768-1 f, the finest general class; matched as f, check the drawing.`);
  return t.toleranceClass;
}

export function importOkh(content: string, format: ManifestFormat): ImportedManifest {
  const m = parseManifestText(content, format);
  const spec = detectSpec(m);
  validateManifest(m, spec);
  const notes: string[] = [];
  if (spec === 'OKH-LOSH') {
    const hardware = licence(m.license ?? m['spdx-license'], 'hardware', notes);
    if (!hardware) notes.push('The source manifest names no licence; recorded as NOASSERTION.');
    const parts = ((m.part as Array<Record<string, unknown>>) ?? []).map((p, i) => ({
      name: str(p.name)!,
      material: str(p.material),
      process: process(p.tsdc ?? p['manufacturing-process'], `part[${i}]`, notes),
      massGrams: grams(p.mass),
      outerDimensionsMm: outerDimensions(p['outer-dimensions']),
      toleranceClass: tolerance(p['smallest-tolerance-class'] ?? p['tolerance-class'], `part[${i}]`, notes),
    }));
    const topProcess = process(m.tsdc, 'tsdc', notes);
    if (!parts.length && topProcess)
      parts.push({
        name: str(m.name)!,
        material: undefined,
        process: topProcess,
        massGrams: undefined,
        outerDimensionsMm: outerDimensions(m['outer-dimensions']),
        toleranceClass: tolerance(m['smallest-tolerance-class'], 'tolerance', notes),
      });
    if (str(m.licensor)) notes.push(`Licensor in the source manifest: ${str(m.licensor)}.`);
    if (str(m.repo)) notes.push(`Source repository: ${str(m.repo)}.`);
    return {
      spec,
      notes,
      input: {
        title: str(m.name)!,
        description: str(m.function),
        version: str(m.version),
        license: { hardware: hardware ?? 'NOASSERTION' },
        documentationLanguage: first(m['documentation-language'] ?? m.language),
        technologyReadinessLevel: str(m['technology-readiness-level']),
        documentationReadinessLevel: str(m['documentation-readiness-level']),
        parts,
      },
    };
  }
  // Some v1 manifests give one licence for everything.
  const lic = (typeof m.license === 'string' ? { hardware: m.license, documentation: m.license } : (m.license ?? {})) as Record<
    string,
    unknown
  >;
  const hardware = licence(lic.hardware, 'hardware', notes);
  if (!hardware) notes.push('The source manifest names no hardware licence; recorded as NOASSERTION.');
  for (const key of ['derivative-of', 'variant-of'] as const) {
    const v = m[key] as Record<string, unknown> | string | undefined;
    const target = typeof v === 'string' ? v : (str(v?.title) ?? str(v?.url));
    if (target)
      notes.push(`${key} "${target}" in the source manifest is not a version on this platform; link it with derivativeOf once it is.`);
  }
  if (typeof m.bom === 'string') notes.push(`Bill of materials: ${m.bom}.`);
  return {
    spec,
    notes,
    input: {
      title: str(m.title)!,
      description: str(m.description),
      version: str(m.version),
      license: {
        hardware: hardware ?? 'NOASSERTION',
        documentation: licence(lic.documentation, 'documentation', notes),
        software: licence(lic.software, 'software', notes),
      },
      documentationLanguage: first(m['documentation-language']) ?? str(m['manifest-language']),
    },
  };
}
