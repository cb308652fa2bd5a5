import type { MachineKind } from './machine-kind.js';

// Fibre lasers (1 µm wavelength) mark and engrave metals and cut thin sheet metal; wood and
// acrylic do not absorb that wavelength well, so none are inferred.
export const fibreLaser: MachineKind = {
  name: 'fibre laser',
  process: 'LASER_CUTTING',
  recognise: /fib(er|re)|flexx|galvo|marking/,
  materials: ['stainless steel', 'steel', 'aluminium', 'brass'],
  materialsBasis: 'fibre laser: metals (Trotec and Epilog fibre source material guides); not wood or acrylic',
  models: [],
};
