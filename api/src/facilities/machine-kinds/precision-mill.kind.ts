import type { MachineKind } from './machine-kind.js';

// Small precision mills (circuit boards, moulds): soft materials, no steel.
export const precisionMill: MachineKind = {
  name: 'precision mill',
  process: 'PRECISION_MILLING',
  materials: ['fr1', 'pcb', 'wax', 'modelling board', 'foam', 'acrylic', 'abs', 'pom', 'wood'],
  materialsBasis:
    'precision mill: copper-clad FR1, modelling wax, board and foam, acrylic, ABS, POM, wood (Roland SRM-20 and MDX-40A material lists)',
  models: [
    {
      match: /srm[\s-]*20/,
      name: 'Roland SRM-20',
      buildVolumeMm: { x: 203, y: 152, z: 60 },
      basis: 'Roland SRM-20 spec: 203.2×152.4×60.5 mm',
    },
    {
      match: /mdx[\s-]*20/,
      name: 'Roland MDX-20',
      buildVolumeMm: { x: 203, y: 152, z: 60 },
      basis: 'Roland MDX-20 spec: 203.2×152.4×60.5 mm',
    },
    {
      match: /mdx[\s-]*15/,
      name: 'Roland MDX-15',
      buildVolumeMm: { x: 152, y: 101, z: 60 },
      basis: 'Roland MDX-15 spec: 152.4×101.6×60.5 mm',
    },
    {
      match: /mdx[\s-]*40/,
      name: 'Roland MDX-40A',
      buildVolumeMm: { x: 305, y: 305, z: 105 },
      basis: 'Roland MDX-40A spec: 305×305×105 mm',
    },
    {
      match: /mdx[\s-]*50\b/,
      name: 'Roland MDX-50',
      buildVolumeMm: { x: 400, y: 305, z: 135 },
      basis: 'Roland MDX-50 spec: 400×305×135 mm',
    },
    {
      match: /mdx[\s-]*540/,
      name: 'Roland MDX-540',
      buildVolumeMm: { x: 500, y: 400, z: 155 },
      basis: 'Roland MDX-540 spec: 500×400×155 mm',
    },
    {
      match: /imodela/,
      name: 'Roland iModela iM-01',
      buildVolumeMm: { x: 86, y: 55, z: 26 },
      basis: 'Roland iModela iM-01 spec: 86×55×26 mm',
    },
    {
      match: /othermill/,
      name: 'Othermill',
      buildVolumeMm: { x: 140, y: 114, z: 41 },
      basis: 'Other Machine Co. Othermill spec: 140×114×41 mm (5.5×4.5×1.6 in)',
    },
  ],
};
