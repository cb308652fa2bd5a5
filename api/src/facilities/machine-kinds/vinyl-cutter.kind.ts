import type { MachineKind } from './machine-kind.js';

// Drag-knife cutters for film and thin sheet. Their "volume" is a roll width by any length, so
// none is inferred; the materials are those the cutters' makers list.
export const vinylCutter: MachineKind = {
  name: 'vinyl cutter',
  process: 'VINYL_CUTTING',
  materials: ['vinyl', 'heat transfer vinyl', 'paper', 'cardstock', 'copper tape'],
  materialsBasis:
    'vinyl cutter: adhesive and heat-transfer vinyl, paper, card, copper tape (Roland GX-24 and Silhouette Cameo material lists)',
  models: [],
};
