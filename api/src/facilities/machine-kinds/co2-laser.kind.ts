import { inch, type MachineKind } from './machine-kind.js';

// CO2 laser cutters cut organic sheet and plastics, not metal (Epilog's and Trotec's material
// guides). The z of a model's volume is the thickest plywood or acrylic its tube cuts in one pass:
// about 6 mm for 30–60 W tubes, about 10 mm for 80–130 W (the same guides' speed tables).
const SHEET = 'bed from the manufacturer spec sheet; cut depth from the tube power';

export const co2Laser: MachineKind = {
  name: 'CO2 laser cutter',
  process: 'LASER_CUTTING',
  materials: ['plywood', 'mdf', 'acrylic', 'cardboard', 'paper', 'leather', 'felt', 'wood'],
  materialsBasis:
    'CO2 laser cutter: plywood, MDF, acrylic, card, paper, leather, felt and thin wood (Epilog and Trotec material guides); no metal',
  models: [
    {
      match: /zing\s*(6030|24)/,
      name: 'Epilog Zing 24',
      buildVolumeMm: { x: 610, y: 305, z: 6 },
      basis: `Epilog Zing 24: 610×305 mm, 30–60 W; ${SHEET}`,
    },
    {
      match: /zing\s*16/,
      name: 'Epilog Zing 16',
      buildVolumeMm: { x: 406, y: 305, z: 6 },
      basis: `Epilog Zing 16: 406×305 mm, 30–40 W; ${SHEET}`,
    },
    {
      match: /mini\s*24/,
      name: 'Epilog Legend Mini 24',
      buildVolumeMm: { x: 610, y: 305, z: 6 },
      basis: `Epilog Mini 24: 610×305 mm, 30–60 W; ${SHEET}`,
    },
    {
      match: /mini\s*18/,
      name: 'Epilog Legend Mini 18',
      buildVolumeMm: { x: 457, y: 305, z: 6 },
      basis: `Epilog Mini 18: 457×305 mm, 30–60 W; ${SHEET}`,
    },
    {
      match: /helix\s*24/,
      name: 'Epilog Legend Helix 24',
      buildVolumeMm: { x: 610, y: 457, z: 6 },
      basis: `Epilog Helix 24: 610×457 mm, 30–75 W; ${SHEET}`,
    },
    {
      match: /legend\s*36/,
      name: 'Epilog Legend 36EXT',
      buildVolumeMm: { x: 914, y: 610, z: 6 },
      basis: `Epilog Legend 36EXT: 914×610 mm, 40–75 W; ${SHEET}`,
    },
    {
      match: /fusion\s*(m2\s*)?40/,
      name: 'Epilog Fusion M2 40',
      buildVolumeMm: { x: 1016, y: 711, z: 6 },
      basis: `Epilog Fusion M2 40: 1016×711 mm, 40–120 W (6 mm taken, the lowest power); ${SHEET}`,
    },
    {
      match: /speedy\s*100/,
      name: 'Trotec Speedy 100',
      buildVolumeMm: { x: 610, y: 305, z: 6 },
      basis: `Trotec Speedy 100: 610×305 mm, 20–60 W; ${SHEET}`,
    },
    {
      match: /speedy\s*300/,
      name: 'Trotec Speedy 300',
      buildVolumeMm: { x: 726, y: 432, z: 6 },
      basis: `Trotec Speedy 300: 726×432 mm, 30–120 W (6 mm taken, the lower powers); ${SHEET}`,
    },
    {
      match: /speedy\s*400/,
      name: 'Trotec Speedy 400',
      buildVolumeMm: { x: 1000, y: 610, z: 6 },
      basis: `Trotec Speedy 400: 1000×610 mm, 40–120 W (6 mm taken); ${SHEET}`,
    },
    {
      match: /vls\s*6\.?60/,
      name: 'ULS VLS 6.60',
      buildVolumeMm: { x: 813, y: 457, z: 6 },
      basis: `Universal Laser Systems VLS6.60: 813×457 mm, 10–75 W; ${SHEET}`,
    },
    {
      match: /full\s*spectrum.*40\s*w|5th\s*gen\s*40/,
      name: 'Full Spectrum 5th Gen 40 W',
      buildVolumeMm: { x: inch(20), y: inch(12), z: 6 },
      basis: `Full Spectrum Laser 5th Gen hobby 40 W: 20×12 in; ${SHEET}`,
    },
    {
      match: /\bk40\b/,
      name: 'K40 (40 W desktop)',
      buildVolumeMm: { x: 300, y: 200, z: 3 },
      basis: 'K40 class desktop laser: 300×200 mm bed; its nominal 40 W tube cuts about 3 mm plywood',
    },
    {
      match: /1290/,
      name: '1290 class (1200×900 mm, 80–130 W)',
      buildVolumeMm: { x: 1200, y: 900, z: 10 },
      basis: `model number 1290: 1200×900 mm bed, 80–130 W tube; ${SHEET}`,
    },
    {
      match: /6040/,
      name: '6040 class (600×400 mm)',
      buildVolumeMm: { x: 600, y: 400, z: 6 },
      basis: `model number 6040: 600×400 mm bed, 50–80 W tube (6 mm taken); ${SHEET}`,
    },
  ],
};
