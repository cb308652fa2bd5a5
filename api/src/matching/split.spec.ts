import { haversineKm, planSplit, type SplitCandidate } from './split.js';
import type { Requirement } from './requirements.js';

const req = (key: string): Requirement => ({ key, label: key, process: 'X', quantityPerUnit: 1 });

describe('split planning', () => {
  it('measures great-circle distance, also across the antimeridian', () => {
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.2, 0);
    expect(haversineKm({ lat: 51.5, lon: -0.12 }, { lat: 48.86, lon: 2.35 })).toBeCloseTo(342.2, 0);
  });

  it('assigns each part to the maker nearest the assembler that minimises total distance', () => {
    const requester = { lat: 0, lon: 0 };
    const c: SplitCandidate[] = [
      { id: 'a', location: { lat: 0, lon: 0.1 }, canMake: new Set(['p1']) },
      { id: 'b', location: { lat: 0, lon: 0.2 }, canMake: new Set(['p2']) },
      { id: 'c', location: { lat: 0, lon: 1 }, canMake: new Set(['p1', 'p2']) },
    ];
    const plan = planSplit(requester, [req('p1'), req('p2')], c)!;
    // a assembles: p1 at a (0 km), p2 from b (~11 km), delivery ~11 km; c alone would be ~111 km.
    expect(plan.assemblerId).toBe('a');
    expect(plan.lines).toEqual([
      { requirementKey: 'p1', facilityId: 'a', toAssemblerKm: 0 },
      { requirementKey: 'p2', facilityId: 'b', toAssemblerKm: expect.closeTo(11.12, 1) },
    ]);
    // Exhaustive check: no other assignment is shorter.
    let best = Infinity;
    for (const asm of c)
      for (const m1 of c.filter((x) => x.canMake.has('p1')))
        for (const m2 of c.filter((x) => x.canMake.has('p2'))) {
          best = Math.min(
            best,
            haversineKm(asm.location, requester) + haversineKm(m1.location, asm.location) + haversineKm(m2.location, asm.location),
          );
        }
    expect(plan.totalKm).toBeCloseTo(best, 6);
  });

  it('gives a maker only the lines its free time covers together', () => {
    const c: SplitCandidate[] = [
      // a can make both parts but has time for only one of them at once.
      { id: 'a', location: { lat: 0, lon: 0 }, canMake: new Set(['p1', 'p2']), fits: (keys) => keys.length <= 1 },
      { id: 'b', location: { lat: 0, lon: 0.5 }, canMake: new Set(['p2']) },
      { id: 'z', location: { lat: 0, lon: 3 }, canMake: new Set(['p1']), fits: () => false },
    ];
    const plan = planSplit({ lat: 0, lon: 0 }, [req('p1'), req('p2')], c)!;
    expect(plan.assemblerId).toBe('a');
    expect(plan.lines.map((l) => [l.requirementKey, l.facilityId])).toEqual([
      ['p1', 'a'],
      ['p2', 'b'],
    ]);
    // Nobody has time for p1: no plan.
    const busy = c.map((x) => ({ ...x, fits: () => false }));
    expect(planSplit({ lat: 0, lon: 0 }, [req('p1'), req('p2')], busy)).toBeNull();
  });

  it('gives no plan when some part has no maker', () => {
    expect(
      planSplit({ lat: 0, lon: 0 }, [req('p1'), req('p9')], [{ id: 'a', location: { lat: 0, lon: 0 }, canMake: new Set(['p1']) }]),
    ).toBeNull();
  });
});
