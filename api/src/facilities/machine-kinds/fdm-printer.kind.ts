import type { MachineKind } from './machine-kind.js';

const UM = 'Ultimaker materials list for the model (ultimaker.com)';

// Fused-filament printers, the 3D printers most fab labs have. Without a known model they are
// taken to print PLA and PETG only: every model below lists both (or PLA and CPE, Ultimaker's
// PETG); ABS is added only where the manufacturer lists it, most of them enclosed.
export const fdmPrinter: MachineKind = {
  name: 'FDM 3D printer',
  process: 'THREE_D_PRINTING',
  materials: ['pla', 'petg'],
  materialsBasis: 'FDM printer of unknown model: PLA and PETG, which every listed FDM model prints',
  models: [
    { match: /ultimaker\s*s5/, name: 'Ultimaker S5', buildVolumeMm: { x: 330, y: 240, z: 300 }, materials: ['pla', 'petg', 'cpe', 'abs', 'nylon', 'pc', 'tpu'], basis: `Ultimaker S5 spec sheet: 330×240×300 mm; ${UM}` },
    { match: /ultimaker\s*3\s*ext/, name: 'Ultimaker 3 Extended', buildVolumeMm: { x: 215, y: 215, z: 300 }, materials: ['pla', 'petg', 'cpe', 'abs', 'nylon', 'pc'], basis: `Ultimaker 3 Extended spec sheet: 215×215×300 mm (single nozzle); ${UM}` },
    { match: /ultimaker\s*3\b/, name: 'Ultimaker 3', buildVolumeMm: { x: 215, y: 215, z: 200 }, materials: ['pla', 'petg', 'cpe', 'abs', 'nylon', 'pc'], basis: `Ultimaker 3 spec sheet: 215×215×200 mm (single nozzle); ${UM}` },
    { match: /ultimaker\s*2\s*\+?\s*ext/, name: 'Ultimaker 2(+) Extended', buildVolumeMm: { x: 223, y: 223, z: 305 }, materials: ['pla', 'petg', 'cpe', 'abs'], basis: `Ultimaker 2 Extended(+) spec sheet: 223×223×305 mm; ${UM}` },
    { match: /ultimaker\s*2/, name: 'Ultimaker 2(+)', buildVolumeMm: { x: 223, y: 223, z: 205 }, materials: ['pla', 'petg', 'cpe', 'abs'], basis: `Ultimaker 2(+) spec sheet: 223×223×205 mm; ${UM}` },
    { match: /ultimaker\s*(original|orig)/, name: 'Ultimaker Original', buildVolumeMm: { x: 210, y: 210, z: 205 }, materials: ['pla'], basis: 'Ultimaker Original spec sheet: 210×210×205 mm, unheated bed (PLA)' },
    { match: /mk3/, name: 'Original Prusa i3 MK3(S)', buildVolumeMm: { x: 250, y: 210, z: 210 }, materials: ['pla', 'petg', 'abs', 'asa'], basis: 'Prusa Research, Original Prusa i3 MK3S: 250×210×210 mm; PLA, PETG, ASA, ABS (ABS and ASA best enclosed)' },
    { match: /mk2/, name: 'Original Prusa i3 MK2(S)', buildVolumeMm: { x: 250, y: 210, z: 200 }, materials: ['pla', 'petg', 'abs'], basis: 'Prusa Research, Original Prusa i3 MK2S: 250×210×200 mm' },
    { match: /replicator\s*2x/, name: 'MakerBot Replicator 2X', buildVolumeMm: { x: 246, y: 152, z: 155 }, materials: ['abs', 'pla'], basis: 'MakerBot Replicator 2X spec sheet: 246×152×155 mm; enclosed, heated bed, made for ABS' },
    { match: /replicator\s*2/, name: 'MakerBot Replicator 2', buildVolumeMm: { x: 285, y: 153, z: 155 }, materials: ['pla'], basis: 'MakerBot Replicator 2 spec sheet: 285×153×155 mm; unheated bed, PLA only' },
    { match: /replicator\s*(\+|plus)/, name: 'MakerBot Replicator+', buildVolumeMm: { x: 295, y: 195, z: 165 }, materials: ['pla'], basis: 'MakerBot Replicator+ spec sheet: 295×195×165 mm; PLA and Tough PLA' },
    { match: /z18/, name: 'MakerBot Replicator Z18', buildVolumeMm: { x: 300, y: 305, z: 457 }, materials: ['pla'], basis: 'MakerBot Replicator Z18 spec sheet: 300×305×457 mm; PLA' },
    { match: /ender[\s-]*3/, name: 'Creality Ender-3', buildVolumeMm: { x: 220, y: 220, z: 250 }, materials: ['pla', 'petg', 'tpu'], basis: 'Creality Ender-3 spec sheet: 220×220×250 mm; open frame (no ABS listed here)' },
    { match: /cr[\s-]*10\s*s5/, name: 'Creality CR-10 S5', buildVolumeMm: { x: 500, y: 500, z: 500 }, basis: 'Creality CR-10 S5 spec sheet: 500×500×500 mm' },
    { match: /zortrax.*m200|^m200$/, name: 'Zortrax M200', buildVolumeMm: { x: 200, y: 200, z: 180 }, materials: ['abs', 'pla', 'petg'], basis: 'Zortrax M200 spec sheet: 200×200×180 mm; Z-ABS, Z-PLA, Z-PETG' },
    { match: /up\s*plus\s*2/, name: 'UP Plus 2', buildVolumeMm: { x: 140, y: 140, z: 135 }, materials: ['abs', 'pla'], basis: 'Tiertime UP Plus 2 spec sheet: 140×140×135 mm; ABS and PLA' },
    { match: /up!?\s*mini/, name: 'UP mini', buildVolumeMm: { x: 120, y: 120, z: 120 }, materials: ['abs', 'pla'], basis: 'Tiertime UP mini spec sheet: 120×120×120 mm; enclosed, ABS and PLA' },
    { match: /deltawasp\s*2040/, name: 'DeltaWASP 2040', buildVolumeMm: { x: 141, y: 141, z: 400 }, basis: 'WASP DeltaWASP 20 40: Ø200×400 mm (the square box inscribed in that circle)' },
    { match: /deltawasp\s*4070/, name: 'DeltaWASP 4070', buildVolumeMm: { x: 282, y: 282, z: 700 }, basis: 'WASP DeltaWASP 40 70: Ø400×700 mm (the square box inscribed in that circle)' },
    { match: /sigma/, name: 'BCN3D Sigma', buildVolumeMm: { x: 210, y: 297, z: 210 }, materials: ['pla', 'petg', 'abs', 'tpu'], basis: 'BCN3D Sigma spec sheet: 210×297×210 mm' },
    { match: /3d45/, name: 'Dremel DigiLab 3D45', buildVolumeMm: { x: 255, y: 155, z: 170 }, materials: ['pla', 'petg', 'abs', 'nylon'], basis: 'Dremel DigiLab 3D45 spec sheet: 255×155×170 mm; enclosed; PLA, PETG, ECO-ABS, nylon' },
    { match: /witbox\s*2/, name: 'BQ Witbox 2', buildVolumeMm: { x: 297, y: 210, z: 200 }, materials: ['pla'], basis: 'BQ Witbox 2 spec sheet: 297×210×200 mm; PLA' },
  ],
};
