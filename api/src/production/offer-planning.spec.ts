import { aFacility, aMatch, aRequirement } from '../../../test/support/domain-factories.js';
import { planSplitLines, planWhole, type PlanningInput } from './offer-planning.js';

const input = (overrides: Partial<PlanningInput> = {}): PlanningInput => ({
  requestId: 'req-1',
  title: 'Water filter',
  quantity: 3,
  now: new Date('2026-06-01T10:00:00Z'),
  offerLimit: 3,
  hoursPerPart: 2,
  ...overrides,
});

describe('planWhole', () => {
  it('makes one open WHOLE job proposed to the best match, offered to every match in rank order', () => {
    const matches = [aMatch({ score: 0.9, distanceKm: 4 }), aMatch({ score: 0.7, distanceKm: 12, load: 2, reasons: ['busy'] })];
    const plan = planWhole(input(), { matches, estimatedHours: 6 });
    expect(plan.split).toBe(false);
    expect(plan.jobs).toHaveLength(1);
    const [job] = plan.jobs;
    expect(job).toMatchObject({
      requestId: 'req-1',
      lineKey: 'whole',
      role: 'WHOLE',
      label: 'Water filter',
      quantity: 3,
      estimatedHours: 6,
      status: 'OPEN',
      proposedFacilityId: matches[0]!.facility.id,
      facilityId: null,
      claimSeq: 0,
    });
    expect(plan.offers.map((o) => [o.facilityId, o.rank, o.score, o.distanceKm, o.load])).toEqual([
      [matches[0]!.facility.id, 1, 0.9, 4, 0],
      [matches[1]!.facility.id, 2, 0.7, 12, 2],
    ]);
    expect(plan.offers.every((o) => o.jobId === job!.id)).toBe(true);
    expect(plan.offers[1]!.reasons).toEqual(['busy']);
  });

  it('refuses to plan without a match', () => {
    expect(() => planWhole(input(), { matches: [], estimatedHours: 1 })).toThrow(RangeError);
  });
});

describe('planSplitLines', () => {
  const laser = aFacility({ name: 'Laser shop' });
  const printer = aFacility({ name: 'Print farm' });
  const both = aFacility({ name: 'Both' });
  const frame = aRequirement({ key: 'frame', label: 'Frame', process: 'LASER_CUTTING', quantityPerUnit: 2 });
  const knob = aRequirement({ key: 'knob', label: 'Knob', process: 'FDM', quantityPerUnit: 1 });
  const proposal = {
    assembler: both,
    deliveryKm: 5,
    totalKm: 41.6,
    lines: [
      { requirement: frame, facility: laser, toAssemblerKm: 12.4 },
      { requirement: knob, facility: printer, toAssemblerKm: 7.1 },
    ],
    candidates: [
      { facility: both, distanceKm: 5, canMake: ['frame', 'knob'] },
      { facility: printer, distanceKm: 20, canMake: ['knob'] },
      { facility: laser, distanceKm: 30, canMake: ['frame'] },
    ],
  };

  it('makes a PART job per line and an ASSEMBLY job, each proposed to the planned facility', () => {
    const plan = planSplitLines(input(), proposal);
    expect(plan.split).toBe(true);
    expect(plan.jobs.map((j) => [j.lineKey, j.role, j.label, j.quantity, j.estimatedHours, j.proposedFacilityId])).toEqual([
      ['part:frame', 'PART', 'Frame', 6, 12, laser.id],
      ['part:knob', 'PART', 'Knob', 3, 6, printer.id],
      ['assembly', 'ASSEMBLY', 'Assembly of Water filter', 3, 6, both.id],
    ]);
    expect(plan.jobs[0]!.requirement).toBe(frame);
  });

  it('offers each line first to the planned facility, then to the others that can make it, nearest first', () => {
    const plan = planSplitLines(input(), proposal);
    const offersOf = (lineKey: string) => {
      const job = plan.jobs.find((j) => j.lineKey === lineKey)!;
      return plan.offers.filter((o) => o.jobId === job.id);
    };
    expect(offersOf('part:frame').map((o) => [o.facilityId, o.rank, o.score])).toEqual([
      [laser.id, 1, 1],
      [both.id, 2, 0],
    ]);
    expect(offersOf('part:knob').map((o) => o.facilityId)).toEqual([printer.id, both.id]);
    expect(offersOf('assembly').map((o) => o.facilityId)).toEqual([both.id, printer.id, laser.id]);
    expect(offersOf('part:frame')[0]!.reasons).toEqual(['proposed by the split plan: 12 km to the assembler', '30 km away']);
    expect(offersOf('assembly')[0]!.reasons[0]).toBe('proposed by the split plan: least total distance (42 km)');
    expect(offersOf('part:knob')[1]!.reasons).toEqual(['can also do this line', '5 km away']);
  });

  it('offers each line to at most offerLimit facilities', () => {
    const plan = planSplitLines(input({ offerLimit: 1 }), proposal);
    for (const job of plan.jobs) expect(plan.offers.filter((o) => o.jobId === job.id)).toHaveLength(1);
  });

  it('takes job ids from the given generator', () => {
    let n = 0;
    const plan = planSplitLines(input({ newId: () => `job-${++n}` }), proposal);
    expect(plan.jobs.map((j) => j.id)).toEqual(['job-1', 'job-2', 'job-3']);
  });
});
