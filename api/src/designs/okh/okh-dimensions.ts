import type { Dimensions, ToleranceClass } from '../designs.types.js';

// OKH-LOSH part geometry and tolerances as matching reads them.

const MM_PER: Record<string, number> = { mm: 1, cm: 10, m: 1000, in: 25.4, inch: 25.4 };

const positive = (ns: number[]) => ns.every((n) => Number.isFinite(n) && n > 0);
const round = (n: number) => Math.round(n * 1000) / 1000;

// The bounding box of an OpenSCAD primitive, as OKH-LOSH writes `outer-dimensions.openSCAD`:
// `cube(size = [400,350,150])`, `cube([a,b,c])`, `cube(10)`, `cylinder(h=30, r=28)` (or d, r1/r2,
// d1/d2: the wider end). The published manifests often drop the closing parenthesis; it is not needed.
export function openScadBox(text: string): Dimensions | undefined {
  const cube = /^\s*cube\s*\(\s*(?:size\s*=\s*)?(\[[^\]]*\]|[\d.]+)/i.exec(text);
  if (cube) {
    const inner = cube[1]!;
    const sides = inner.startsWith('[') ? inner.slice(1, -1).split(',').map(Number) : [Number(inner), Number(inner), Number(inner)];
    return sides.length === 3 && positive(sides) ? { x: sides[0]!, y: sides[1]!, z: sides[2]! } : undefined;
  }
  if (/^\s*cylinder\s*\(/i.test(text)) {
    const arg = (name: string) => {
      const m = new RegExp(`\\b${name}\\s*=\\s*([\\d.]+)`, 'i').exec(text);
      return m ? Number(m[1]) : undefined;
    };
    const h = arg('h');
    const diameters = [arg('d'), arg('d1'), arg('d2'), ...[arg('r'), arg('r1'), arg('r2')].map((r) => (r === undefined ? r : 2 * r))];
    const d = Math.max(...diameters.filter((n): n is number => n !== undefined));
    return h !== undefined && positive([h, d]) ? { x: d, y: d, z: h } : undefined;
  }
  return undefined;
}

// `outer-dimensions` in either form OKH-LOSH allows: width/depth/height, or an OpenSCAD
// primitive; with its `unit` (millimetres when none is given). Millimetres, or undefined.
export function outerDimensions(raw: unknown): Dimensions | undefined {
  if (Array.isArray(raw)) return outerDimensions(raw[0]);
  if (!raw || typeof raw !== 'object') return undefined;
  const d = raw as Record<string, unknown>;
  const unit = typeof d.unit === 'string' ? d.unit.trim().toLowerCase() : 'mm';
  const scale = MM_PER[unit];
  if (!scale) return undefined;
  let box: Dimensions | undefined;
  const sides = [d.width, d.depth, d.height].map(Number);
  if (positive(sides)) box = { x: sides[0]!, y: sides[1]!, z: sides[2]! };
  else if (typeof d.openSCAD === 'string') box = openScadBox(d.openSCAD);
  return box && { x: round(box.x * scale), y: round(box.y * scale), z: round(box.z * scale) };
}

// ISO 286 grades (IT01…IT18) against ISO 2768-1 general tolerance classes. Over the nominal sizes
// of ISO 2768-1's table, a class's permitted deviation is about the width of one IT grade: f of
// IT12, m of IT14, c of IT16 and v of IT17 (e.g. 120–400 mm: f ±0.2 = 0.4 mm against IT12's
// 0.35–0.57 mm; m ±0.5 = 1.0 mm against IT14's 0.87–1.40 mm). A grade maps to the coarsest class
// that still holds it: IT12–13 to f, IT14–15 to m, IT16 to c, IT17–18 to v. Grades finer than
// IT12 have no general class as fine; they map to f, the finest, and the importer notes that the
// part asks for more than f.
export const IT_GRADE_OF_CLASS: Readonly<Record<ToleranceClass, number>> = { f: 12, m: 14, c: 16, v: 17 };

export function toleranceClassOfItGrade(raw: unknown): { toleranceClass: ToleranceClass; finerThanClass: boolean } | undefined {
  const m = typeof raw === 'string' || typeof raw === 'number' ? /^\s*(?:IT)?\s*(0?\d{1,2})\s*$/i.exec(String(raw)) : null;
  if (!m) return undefined;
  const grade = m[1] === '01' || m[1] === '0' ? 0 : Number(m[1]);
  if (grade > 18) return undefined;
  const holding = (Object.entries(IT_GRADE_OF_CLASS) as Array<[ToleranceClass, number]>).filter(([, g]) => g <= grade);
  const cls = holding[holding.length - 1]?.[0] ?? 'f';
  return { toleranceClass: cls, finerThanClass: grade < IT_GRADE_OF_CLASS.f };
}
