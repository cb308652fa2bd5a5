import type { Equipment } from '../facilities/facilities.types.js';
import { footingReason, machineMeets, unmet } from './capability.js';
import { parseRequirements, requirementsOfManifest, estimateHours } from './requirements.js';

const laser: Equipment = {
  id: 'e1',
  process: 'LASER_CUTTING',
  quantity: 1,
  materials: ['plywood'],
  buildVolumeMm: { x: 600, y: 400, z: 20 },
  condition: 'GOOD',
};

describe('capability', () => {
  const [panel] = parseRequirements([
    { process: 'laser', material: 'Plywood', minBuildVolumeMm: { x: 3, y: 550, z: 380 }, label: 'panel' },
  ]);

  it('fits a part in any orientation and needs the material', () => {
    expect(machineMeets(laser, panel!)).toBe(true);
    expect(machineMeets({ ...laser, materials: ['acrylic'] }, panel!)).toBe(false);
    expect(machineMeets({ ...laser, buildVolumeMm: { x: 500, y: 400, z: 20 } }, panel!)).toBe(false);
    expect(machineMeets({ ...laser, condition: 'NEEDS_REPAIR' }, panel!)).toBe(false);
  });

  it('lets a machine whose volume or tolerance nobody gave pass, and says so', () => {
    const [part] = parseRequirements([
      { process: 'laser', material: 'plywood', minBuildVolumeMm: { x: 3, y: 550, z: 380 }, toleranceClass: 'm', label: 'panel' },
    ]);
    const unsized: Equipment = { ...laser, buildVolumeMm: undefined };
    expect(machineMeets(unsized, part!)).toBe(true);
    expect(footingReason([unsized], part!)).toBe(
      '"panel" on its Laser cutting equipment: not known, check: its build volume (needs 3×380×550 mm); the tolerance it holds (needs ISO 2768 m)',
    );
    // A machine that states both is preferred, and then there is nothing to say.
    expect(footingReason([unsized, { ...laser, toleranceClass: 'f' }], part!)).toBeUndefined();
  });

  it('names the inferred values a match rests on, with their basis', () => {
    const inferredLaser: Equipment = {
      ...laser,
      make: 'Epilog',
      model: 'Zing 24',
      inferred: { materials: 'CO2 laser cutter', buildVolumeMm: 'Epilog Zing 24 spec' },
    };
    expect(footingReason([inferredLaser], panel!)).toBe(
      '"panel" on Epilog Zing 24: inferred, not yet confirmed by the co-op: plywood (CO2 laser cutter); a build volume of 600×400×20 mm (Epilog Zing 24 spec)',
    );
    // Once the co-op confirmed them, the values are its own.
    expect(footingReason([{ ...inferredLaser, inferred: {} }], panel!)).toBeUndefined();
  });

  it('accepts finer tolerance classes than the part needs, never coarser', () => {
    const [r] = parseRequirements([{ process: 'CNC_MILLING', toleranceClass: 'm' }]);
    const mill: Equipment = { id: 'm', process: 'CNC_MILLING', quantity: 1, materials: [], condition: 'GOOD' };
    expect(machineMeets({ ...mill, toleranceClass: 'f' }, r!)).toBe(true);
    expect(machineMeets({ ...mill, toleranceClass: 'm' }, r!)).toBe(true);
    expect(machineMeets({ ...mill, toleranceClass: 'c' }, r!)).toBe(false);
    expect(machineMeets(mill, r!)).toBe(true); // states none: not excluded, reported as unknown
  });

  it('says what is missing in words a workshop can act on', () => {
    const [print] = parseRequirements([{ process: '3DP', label: 'hinge' }]);
    expect(unmet([laser], [panel!, print!]).map((u) => u.reason)).toEqual(['has no 3D printing equipment (needed for "hinge")']);
    expect(unmet([{ ...laser, materials: [] }], [panel!])[0]!.reason).toBe('does not list plywood for Laser cutting (needed for "panel")');
    expect(unmet([{ ...laser, buildVolumeMm: { x: 300, y: 200, z: 10 } }], [panel!])[0]!.reason).toBe(
      'Laser cutting equipment is too small for "panel": needs 3×380×550 mm, has at most 10×200×300 mm',
    );
  });

  it('derives one requirement per fabricated part, counting BOM quantities', () => {
    const reqs = requirementsOfManifest({
      parts: [
        { id: 'p1', name: 'frame', process: 'CNC_MILLING', material: 'Birch plywood', outerDimensionsMm: { x: 900, y: 20, z: 600 } },
        { id: 'p2', name: 'screw' },
      ],
      bom: [{ id: 'b1', name: 'frame', quantity: 2, unit: 'pcs', partId: 'p1' }],
    });
    expect(reqs).toEqual([
      {
        key: 'p1',
        label: 'frame',
        process: 'CNC_MILLING',
        material: 'birch plywood',
        minVolumeMm: { x: 20, y: 600, z: 900 },
        quantityPerUnit: 2,
      },
    ]);
    expect(estimateHours(reqs, 5, 1.5)).toBe(15);
    expect(estimateHours([], 5, 1)).toBe(5);
  });
});
