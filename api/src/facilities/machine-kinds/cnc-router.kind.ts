import { inch, type MachineKind } from './machine-kind.js';

// Gantry routers, the "make something big" machine of a fab lab: sheet wood and plastics.
export const cncRouter: MachineKind = {
  name: 'CNC router',
  process: 'CNC_MILLING',
  materials: ['wood', 'plywood', 'mdf', 'hdpe', 'acrylic'],
  materialsBasis: 'CNC router: wood, plywood, MDF, HDPE and acrylic sheet (ShopBot and Shapeoko material guides)',
  models: [
    {
      match: /shopbot.*desktop/,
      name: 'ShopBot Desktop',
      buildVolumeMm: { x: inch(24), y: inch(18), z: inch(5.5) },
      basis: 'ShopBot Desktop spec: 24×18×5.5 in',
    },
    {
      match: /shopbot.*(gantry|prs)/,
      name: 'ShopBot PRS gantry 96×48',
      buildVolumeMm: { x: inch(97), y: inch(50), z: inch(6) },
      basis: 'ShopBot PRSalpha 96-48 spec: 97×50×6 in, the router of the Fab Foundation lab inventory (other gantry sizes exist: confirm)',
    },
    {
      match: /shapeoko.*xxl/,
      name: 'Shapeoko XXL',
      buildVolumeMm: { x: 838, y: 838, z: 75 },
      basis: 'Carbide 3D Shapeoko XXL spec: 838×838×75 mm',
    },
    { match: /shapeoko/, name: 'Shapeoko 3', buildVolumeMm: { x: 425, y: 425, z: 75 }, basis: 'Carbide 3D Shapeoko 3 spec: 425×425×75 mm' },
    {
      match: /carvey/,
      name: 'Inventables Carvey',
      buildVolumeMm: { x: inch(12), y: inch(8), z: inch(2.75) },
      basis: 'Inventables Carvey spec: 12×8×2.75 in',
    },
    {
      match: /3020/,
      name: '3020 class desktop engraver',
      buildVolumeMm: { x: 300, y: 200, z: 50 },
      basis: 'model number 3020: 300×200 mm table, about 50 mm Z',
    },
  ],
};
