import { PROCESSES } from '../../designs/process-taxonomy.js';
import type { Equipment } from '../../facilities/facilities.types.js';
import type { Requirement } from '../requirements.js';

// One part of "this machine can make this part", stated twice side by side: as a JS rule over an
// Equipment and as a SQL condition over a facility_equipment row `e`, plus the words for a
// workshop when no machine meets it. A test runs both over the same machines in Postgres and
// requires the same answer. Each criterion is one file (criteria/<name>.criterion.ts), listed
// in criteria/index.ts.
export interface MatchingCriterion {
  readonly name: string;
  // Whether the requirement asks anything of this criterion (a part without a material asks
  // nothing of a machine's materials).
  applies(r: Requirement): boolean;
  meets(e: Equipment, r: Requirement): boolean;
  // Conditions on `e`, ANDed; `param` adds a bind parameter and returns its placeholder.
  sql(r: Requirement, param: (value: unknown) => string): string[];
  // Why none of `machines` (those meeting the criteria listed before this one) meets it.
  whyNot(r: Requirement, machines: readonly Equipment[]): string;
}

export const processLabel = (code: string) => PROCESSES.find((p) => p.code === code)?.label ?? code;
export const partOf = (r: Requirement) => `"${r.label}"`;
export const mm = (v: { x: number; y: number; z: number }) => `${v.x}×${v.y}×${v.z} mm`;
