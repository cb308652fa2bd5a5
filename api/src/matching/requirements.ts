import { InvalidInputError } from '../common/errors/domain-error.js';
import { normalizeProcess } from '../designs/process-taxonomy.js';
import { TOLERANCE_CLASSES, type Dimensions, type Manifest, type ToleranceClass } from '../designs/designs.types.js';

// What one fabricated part asks of a machine. Volumes are sorted ascending so that a part
// fits a machine in any orientation (the matching SQL compares sorted sides as well).
export interface Requirement {
  key: string; // stable identity of the requirement (a part id, or r1, r2… for ad-hoc ones)
  label: string;
  process: string;
  material?: string;
  minVolumeMm?: Dimensions;
  toleranceClass?: ToleranceClass;
  quantityPerUnit: number;
}

export interface RequirementInput {
  process: string;
  material?: string | null;
  minBuildVolumeMm?: Dimensions | null;
  toleranceClass?: string | null;
  label?: string | null;
}

export function sortedVolume(v: Dimensions): Dimensions {
  const [x, y, z] = [v.x, v.y, v.z].sort((a, b) => a - b) as [number, number, number];
  return { x, y, z };
}

// One requirement per fabricated part of a version; parts without a process are bought in.
// BOM quantities tell how many of a part one unit takes.
export function requirementsOfManifest(manifest: Pick<Manifest, 'parts' | 'bom'>): Requirement[] {
  const perUnit = new Map<string, number>();
  for (const line of manifest.bom) if (line.partId) perUnit.set(line.partId, (perUnit.get(line.partId) ?? 0) + line.quantity);
  const out: Requirement[] = [];
  for (const part of manifest.parts) {
    if (!part.process) continue;
    const volume = part.minBuildVolumeMm ?? part.outerDimensionsMm;
    const r: Requirement = {
      key: part.id,
      label: part.name,
      process: part.process,
      quantityPerUnit: Math.max(1, Math.round(perUnit.get(part.id) ?? 1)),
    };
    if (part.material) r.material = part.material.trim().toLowerCase();
    if (volume) r.minVolumeMm = sortedVolume(volume);
    if (part.toleranceClass) r.toleranceClass = part.toleranceClass;
    out.push(r);
  }
  return out;
}

export function parseRequirements(inputs: readonly RequirementInput[]): Requirement[] {
  return inputs.map((input, i) => {
    const field = `requirements[${i}]`;
    const process = normalizeProcess(input.process ?? '');
    if (!process)
      throw new InvalidInputError(`${field}.process`, `"${input.process}" is not a known manufacturing process.`, 'UNKNOWN_PROCESS');
    const r: Requirement = { key: `r${i + 1}`, label: input.label?.trim() || process.label, process: process.code, quantityPerUnit: 1 };
    const material = input.material?.trim().toLowerCase();
    if (material) r.material = material;
    const v = input.minBuildVolumeMm;
    if (v) {
      if (![v.x, v.y, v.z].every((n) => Number.isFinite(n) && n > 0 && n <= 100_000)) {
        throw new InvalidInputError(
          `${field}.minBuildVolumeMm`,
          'Build volume sides must be positive millimetres (at most 100 m).',
          'OUT_OF_RANGE',
        );
      }
      r.minVolumeMm = sortedVolume(v);
    }
    const t = input.toleranceClass?.trim();
    if (t) {
      if (!(TOLERANCE_CLASSES as readonly string[]).includes(t))
        throw new InvalidInputError(`${field}.toleranceClass`, 'toleranceClass must be one of f, m, c, v (ISO 2768-1).', 'INVALID');
      r.toleranceClass = t as ToleranceClass;
    }
    return r;
  });
}

// Requirements that ask the same of a machine collapse into one filter.
export function distinctCapabilities(reqs: readonly Requirement[]): Requirement[] {
  const seen = new Map<string, Requirement>();
  for (const r of reqs) {
    const k = [
      r.process,
      r.material ?? '',
      r.minVolumeMm ? `${r.minVolumeMm.x}x${r.minVolumeMm.y}x${r.minVolumeMm.z}` : '',
      r.toleranceClass ?? '',
    ].join('|');
    if (!seen.has(k)) seen.set(k, r);
  }
  return [...seen.values()];
}

// Machine-hours a request is expected to take: one unit of work per fabricated part made
// (hoursPerPart from config), and at least one unit for assembly-only work.
export function estimateHours(reqs: readonly Requirement[], quantity: number, hoursPerPart: number): number {
  const parts = reqs.reduce((n, r) => n + r.quantityPerUnit, 0);
  return Math.round(Math.max(1, parts) * quantity * hoursPerPart * 100) / 100;
}
