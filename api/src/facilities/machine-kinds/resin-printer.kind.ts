import type { MachineKind } from './machine-kind.js';

// Printers that cure liquid photopolymer (stereolithography, PolyJet): resin parts only.
export const resinPrinter: MachineKind = {
  name: 'photopolymer 3D printer',
  process: 'THREE_D_PRINTING',
  recognise: /formlabs|\bform\s*[123]|objet|polyjet|\bsla\b|resin/,
  materials: ['resin'],
  materialsBasis: 'photopolymer printer: cures liquid resin only',
  models: [
    {
      match: /form\s*3/,
      name: 'Formlabs Form 3',
      buildVolumeMm: { x: 145, y: 145, z: 185 },
      basis: 'Formlabs Form 3 tech specs: 145×145×185 mm',
    },
    {
      match: /form\s*2/,
      name: 'Formlabs Form 2',
      buildVolumeMm: { x: 145, y: 145, z: 175 },
      basis: 'Formlabs Form 2 tech specs: 145×145×175 mm',
    },
    {
      match: /form\s*1/,
      name: 'Formlabs Form 1+',
      buildVolumeMm: { x: 125, y: 125, z: 165 },
      basis: 'Formlabs Form 1+ tech specs: 125×125×165 mm',
    },
    {
      match: /objet\s*30/,
      name: 'Stratasys Objet30 Pro',
      buildVolumeMm: { x: 294, y: 192, z: 148 },
      materials: ['photopolymer', 'resin'],
      basis: 'Stratasys Objet30 Pro spec sheet: 294×192×148.6 mm; PolyJet photopolymers',
    },
  ],
};
