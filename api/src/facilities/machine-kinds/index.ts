import type { Equipment, Inferred } from '../facilities.types.js';
import { cncRouter } from './cnc-router.kind.js';
import { co2Laser } from './co2-laser.kind.js';
import { fdmPrinter } from './fdm-printer.kind.js';
import { fibreLaser } from './fibre-laser.kind.js';
import type { MachineKind, MachineModel } from './machine-kind.js';
import { precisionMill } from './precision-mill.kind.js';
import { resinPrinter } from './resin-printer.kind.js';
import { vinylCutter } from './vinyl-cutter.kind.js';

export type { MachineKind, MachineModel } from './machine-kind.js';

// Every machine kind whose capabilities are inferred. Within a process, kinds that recognise
// their machines by name come before the process's default kind (the one without `recognise`).
// Adding a kind is its file, its test and a line here.
export const MACHINE_KINDS: readonly MachineKind[] = [
  resinPrinter,
  fdmPrinter,
  fibreLaser,
  co2Laser,
  cncRouter,
  precisionMill,
  vinylCutter,
];

type Machine = Pick<Equipment, 'process' | 'make' | 'model'>;

const nameOf = (e: Machine) => `${e.make ?? ''} ${e.model ?? ''}`.toLowerCase().replace(/\s+/g, ' ').trim();

export function kindOf(e: Machine): MachineKind | undefined {
  const name = nameOf(e);
  const ofProcess = MACHINE_KINDS.filter((k) => k.process === e.process);
  return ofProcess.find((k) => k.recognise?.test(name)) ?? ofProcess.find((k) => !k.recognise);
}

export function modelOf(e: Machine): { kind: MachineKind; model?: MachineModel } | undefined {
  const kind = kindOf(e);
  if (!kind) return undefined;
  const name = nameOf(e);
  return { kind, model: name ? kind.models.find((m) => m.match.test(name)) : undefined };
}

type Inferable = Pick<Equipment, 'process' | 'make' | 'model' | 'materials' | 'buildVolumeMm'> & { inferred?: Inferred };

// Fills in what a machine does not state from its kind and model, marking each value filled in
// with its basis. What the machine states (as listed, or as a co-op confirmed or corrected it) is
// never replaced; values inferred earlier are inferred again, so a corrected table reaches them.
export function inferCapability<E extends Inferable>(e: E): E & { inferred: Inferred } {
  const inferred: Inferred = {};
  const open = {
    materials: !e.materials.length || !!e.inferred?.materials,
    buildVolumeMm: !e.buildVolumeMm || !!e.inferred?.buildVolumeMm,
  };
  const out: E & { inferred: Inferred } = { ...e, inferred };
  if (open.materials) out.materials = [];
  if (open.buildVolumeMm) delete out.buildVolumeMm;
  const found = modelOf(e);
  if (!found) return out;
  const { kind, model } = found;
  if (open.materials) {
    out.materials = [...(model?.materials ?? kind.materials)];
    inferred.materials = model?.materials ? model.basis : kind.materialsBasis;
  }
  if (open.buildVolumeMm && model?.buildVolumeMm) {
    out.buildVolumeMm = { ...model.buildVolumeMm };
    inferred.buildVolumeMm = model.basis;
  }
  return out;
}
