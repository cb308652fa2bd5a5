import { normalizeProcess, PROCESSES } from './process-taxonomy.js';

describe('process taxonomy', () => {
  it.each([
    ['3DP', 'THREE_D_PRINTING'],
    ['three_d_printing', 'THREE_D_PRINTING'],
    ['CNC', 'CNC_MILLING'],
    ['cnc_milling', 'CNC_MILLING'],
    ['precision_milling', 'PRECISION_MILLING'],
    ['laser', 'LASER_CUTTING'],
    ['LAS', 'LASER_CUTTING'],
    ['PCB', 'PCB_FABRICATION'],
    ['circuit_production', 'PCB_FABRICATION'],
    ['vinyl_cutting', 'VINYL_CUTTING'],
    ['MEC', 'MACHINING'],
    ['TsDC-ASM-PCB', 'PCB_ASSEMBLY'],
    ['https://en.wikipedia.org/wiki/Laser_cutting', 'LASER_CUTTING'],
    ['https://de.wikipedia.org/wiki/3D_printing', 'THREE_D_PRINTING'],
  ])('maps %s to %s', (input, code) => {
    expect(normalizeProcess(input)?.code).toBe(code);
  });

  it('knows nothing it was not told', () => {
    expect(normalizeProcess('alchemy')).toBeUndefined();
  });

  it('gives every process a unique code and one Wikipedia article', () => {
    expect(new Set(PROCESSES.map((p) => p.code)).size).toBe(PROCESSES.length);
    expect(new Set(PROCESSES.map((p) => p.wikipedia)).size).toBe(PROCESSES.length);
  });
});
