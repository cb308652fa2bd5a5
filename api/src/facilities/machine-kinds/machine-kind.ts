import type { Dimensions } from '../../designs/designs.types.js';

// A kind of machine (an FDM printer, a CO2 laser cutter…) and what its manufacturers state about
// the models workshops list. Each kind is one file (<name>.kind.ts), listed in index.ts; every
// value carries its basis, so a co-op reading an inferred value can check it and correct it.

export interface MachineModel {
  // Matched against "<make> <model>" in lower case, spaces and punctuation kept.
  match: RegExp;
  name: string;
  // Working volume, mm. For sheet cutters (lasers, routers) z is the depth the machine works:
  // the Z travel of a router, the thickest sheet a laser of that power cuts in one pass.
  buildVolumeMm?: Dimensions;
  // Replaces the kind's materials when the manufacturer lists its own.
  materials?: readonly string[];
  basis: string;
}

export interface MachineKind {
  name: string;
  process: string; // a process code of designs/process-taxonomy.ts
  // Words in "<make> <model>" that tell this kind from the process's default kind (the last one
  // listed for a process has none and takes every other machine of that process).
  recognise?: RegExp;
  materials: readonly string[]; // lower case
  materialsBasis: string;
  models: readonly MachineModel[];
}

export const inch = (n: number) => Math.round(n * 25.4);
