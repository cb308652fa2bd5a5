import { PROCESSES } from '../../designs/process-taxonomy.js';
import type { Equipment } from '../facilities.types.js';
import { inferCapability, kindOf, MACHINE_KINDS } from './index.js';

type Machine = Omit<Equipment, 'id'>;
const machine = (process: string, make?: string, model?: string): Machine => ({
  process,
  make,
  model,
  quantity: 1,
  materials: [],
  condition: 'GOOD',
});

describe('the machine-kind table', () => {
  it('documents every entry and names real processes', () => {
    const codes = PROCESSES.map((p) => p.code);
    for (const kind of MACHINE_KINDS) {
      expect(codes).toContain(kind.process);
      expect(kind.materialsBasis.length).toBeGreaterThan(10);
      expect(kind.materials.every((m) => m === m.toLowerCase())).toBe(true);
      for (const m of kind.models) {
        expect({ model: m.name, basis: m.basis.length > 10 }).toEqual({ model: m.name, basis: true });
        if (m.buildVolumeMm) expect([m.buildVolumeMm.x, m.buildVolumeMm.y, m.buildVolumeMm.z].every((n) => n > 0)).toBe(true);
      }
    }
    // One default kind per process (the one that recognises no name).
    for (const code of codes) expect(MACHINE_KINDS.filter((k) => k.process === code && !k.recognise).length).toBeLessThanOrEqual(1);
  });

  it('tells kinds apart by make and model', () => {
    expect(kindOf(machine('THREE_D_PRINTING', 'formlabs', 'form2'))?.name).toBe('photopolymer 3D printer');
    expect(kindOf(machine('THREE_D_PRINTING', 'ultimaker', 'ultimaker 2'))?.name).toBe('FDM 3D printer');
    expect(kindOf(machine('THREE_D_PRINTING'))?.name).toBe('FDM 3D printer');
    expect(kindOf(machine('LASER_CUTTING', 'trotec', 'speedy 100 flexx fiber'))?.name).toBe('fibre laser');
    expect(kindOf(machine('LASER_CUTTING', 'epilog laser', 'zing 6030'))?.name).toBe('CO2 laser cutter');
    expect(kindOf(machine('WELDING'))).toBeUndefined();
  });

  it('infers volume and materials from a known model, with the model as basis', () => {
    const s5 = inferCapability(machine('THREE_D_PRINTING', 'ultimaker', 'ultimaker s5'));
    expect(s5.buildVolumeMm).toEqual({ x: 330, y: 240, z: 300 });
    expect(s5.materials).toEqual(expect.arrayContaining(['pla', 'petg', 'abs']));
    expect(s5.inferred.buildVolumeMm).toMatch(/^Ultimaker S5 spec sheet: 330×240×300/);
    expect(inferCapability(machine('THREE_D_PRINTING', 'reprap', 'Original Prusa i3 MK3S')).buildVolumeMm).toEqual({
      x: 250,
      y: 210,
      z: 210,
    });
    // More specific names win over their prefixes.
    expect(inferCapability(machine('THREE_D_PRINTING', 'ultimaker', 'ultimaker 2+ extended')).buildVolumeMm?.z).toBe(305);
    expect(inferCapability(machine('THREE_D_PRINTING', 'makerbot', 'replicator 2x')).materials).toContain('abs');
    expect(inferCapability(machine('THREE_D_PRINTING', 'makerbot', 'replicator 2')).materials).toEqual(['pla']);
  });

  it('infers materials from the kind alone, and no volume, for an unknown model', () => {
    const printer = inferCapability(machine('THREE_D_PRINTING', 'reprap', 'rostock'));
    expect(printer.materials).toEqual(['pla', 'petg']);
    expect(printer.buildVolumeMm).toBeUndefined();
    expect(printer.inferred).toEqual({ materials: expect.stringMatching(/^FDM printer of unknown model/) });
    const laser = inferCapability(machine('LASER_CUTTING'));
    expect(laser.materials).toEqual(expect.arrayContaining(['plywood', 'acrylic', 'mdf']));
    expect(laser.materials).not.toContain('steel');
    expect(inferCapability(machine('LASER_CUTTING', 'trotec', 'fiber marker')).materials).toContain('stainless steel');
  });

  it('never replaces what a machine states, and infers again what it inferred before', () => {
    const stated = inferCapability({
      ...machine('LASER_CUTTING', 'epilog laser', 'zing 24'),
      materials: ['cork'],
      buildVolumeMm: { x: 1, y: 2, z: 3 },
    });
    expect(stated.materials).toEqual(['cork']);
    expect(stated.buildVolumeMm).toEqual({ x: 1, y: 2, z: 3 });
    expect(stated.inferred).toEqual({});
    const stale = inferCapability({
      ...machine('LASER_CUTTING', 'epilog laser', 'zing 24'),
      materials: ['old'],
      buildVolumeMm: { x: 1, y: 2, z: 3 },
      inferred: { materials: 'old table', buildVolumeMm: 'old table' },
    });
    expect(stale.buildVolumeMm).toEqual({ x: 610, y: 305, z: 6 });
    expect(stale.materials).toContain('plywood');
    expect(stale.inferred.buildVolumeMm).toMatch(/Zing 24/);
    // A process without a kind: nothing is inferred and stale marks go with their values.
    const welder = inferCapability({ ...machine('WELDING'), materials: ['steel'], inferred: { materials: 'gone' } });
    expect(welder).toMatchObject({ materials: [], inferred: {} });
  });
});
