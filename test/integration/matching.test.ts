import type { INestApplicationContext } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import type { FacilityInput } from '../../api/src/facilities/facility-input.js';
import { machineMeets } from '../../api/src/matching/capability.js';
import { MatchingService } from '../../api/src/matching/matching.service.js';
import { parseRequirements } from '../../api/src/matching/requirements.js';
import { scoreOf } from '../../api/src/matching/scoring.js';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { createDomainContext } from '../support/context.js';
import { kmBetween, trilaterate } from '../support/geo.js';
import { eastOf, newAccount, newDesignVersion, newOrganization, remotePoint } from '../support/factories.js';

let app: INestApplicationContext;
let facilities: FacilitiesService;
let matching: MatchingService;

beforeAll(async () => {
  app = await createDomainContext();
  facilities = app.get(FacilitiesService);
  matching = app.get(MatchingService);
});
afterAll(() => app.close());

type Kit = NonNullable<FacilityInput['equipment']>;
const LASER: Kit = [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 20 } }];
const PRINTER: Kit = [{ process: '3DP', materials: ['pla'], buildVolumeMm: { x: 250, y: 210, z: 210 } }];

// Workshops publish their exact location unless told otherwise (distances are then exact for all).
async function workshop(
  at: { lat: number; lon: number },
  equipment: Kit,
  o: { kind?: 'COOPERATIVE' | 'MAKERSPACE'; name?: string; status?: string; hidden?: boolean } = {},
) {
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer, { kind: o.kind ?? 'MAKERSPACE' });
  return facilities.register(admin.viewer, {
    organizationId: org.id,
    name: o.name ?? 'Workshop',
    location: at,
    locationPublic: !o.hidden,
    capacityHoursPerWeek: 40,
    facilityStatus: o.status ?? 'ACTIVE',
    equipment,
  });
}

const panelAndHinge = {
  title: 'Seed Drawer',
  parts: [
    { id: 'panel', name: 'side panel', process: 'LASER_CUTTING', material: 'plywood', outerDimensionsMm: { x: 550, y: 380, z: 6 } },
    { id: 'hinge', name: 'hinge', process: 'THREE_D_PRINTING', material: 'PLA', outerDimensionsMm: { x: 40, y: 30, z: 10 } },
  ],
  bom: [
    { name: 'side panel', quantity: 2, partId: 'panel' },
    { name: 'hinge', quantity: 4, partId: 'hinge' },
  ],
};

describe('matching', () => {
  it('keeps only facilities that can make every part, ranks them and says why', async () => {
    const home = remotePoint();
    const both = await workshop(eastOf(home, 8), [...LASER, ...PRINTER], { name: 'Both' });
    const bothFarCoop = await workshop(eastOf(home, 30), [...LASER, ...PRINTER], { name: 'Far co-op', kind: 'COOPERATIVE' });
    const laserOnly = await workshop(eastOf(home, 2), LASER, { name: 'Laser only' });
    await workshop(eastOf(home, 3), [...LASER, ...PRINTER], { name: 'Closed', status: 'TEMPORARILY_CLOSED' });
    await workshop(eastOf(home, 80), [...LASER, ...PRINTER], { name: 'Out of range' });
    const designer = await newAccount(app);
    const version = await newDesignVersion(app, designer.viewer, panelAndHinge);

    const result = await matching.match({ designVersionCid: version.cid, location: home, radiusKm: 50, quantity: 3, explain: true });
    expect(result.matches.map((m) => m.facility.name)).toEqual(['Both', 'Far co-op']);
    const [first, second] = result.matches;
    expect(first!.distanceKm).toBeCloseTo(8, 0);
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(second!.reasons).toContain('run by a cooperative');
    expect(first!.reasons[0]).toBe('can make every part: side panel (LASER_CUTTING, plywood); hinge (THREE_D_PRINTING, pla)');
    // 2 panels + 4 hinges per unit, 3 units, 1 h each by default.
    expect(result.estimatedHours).toBe(18);

    const excluded = new Map(result.excluded.map((m) => [m.facility.name, m.reasons]));
    expect(excluded.get('Laser only')).toEqual(['has no 3D printing equipment (needed for "hinge")']);
    expect(excluded.get('Closed')).toEqual(['facility is temporarily closed']);
    expect(excluded.has('Out of range')).toBe(false);
    expect(result.excluded.every((m) => !m.eligible)).toBe(true);
    expect([both.id, bothFarCoop.id]).not.toContain(laserOnly.id);
  });

  it('agrees with the capability rules on every nearby facility (SQL filter = the JS rule)', async () => {
    const home = remotePoint();
    const kits: Kit[] = [
      [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 20 } }],
      [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 500, y: 400, z: 20 } }],
      [{ process: 'laser', materials: ['acrylic'], buildVolumeMm: { x: 900, y: 600, z: 20 } }],
      [{ process: 'laser', materials: ['plywood'] }],
      [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 20, y: 700, z: 400 } }],
      [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 20 }, condition: 'NEEDS_REPAIR' }],
      [{ process: 'CNC', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 20 }, toleranceClass: 'f' }],
      [{ process: 'CNC', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 20 }, toleranceClass: 'c' }],
    ];
    const made = await Promise.all(kits.map((k, i) => workshop(eastOf(home, 1 + i), k, { name: `k${i}` })));
    const requirements = [
      [{ process: 'laser', material: 'plywood', minBuildVolumeMm: { x: 550, y: 380, z: 6 } }],
      [{ process: 'CNC', material: 'plywood', toleranceClass: 'm' }],
    ];
    for (const reqInput of requirements) {
      const reqs = parseRequirements(reqInput);
      const result = await matching.match({ requirements: reqInput, location: home, radiusKm: 20, quantity: 1, first: 100 });
      const equipment = await facilities.equipmentOf(made.map((f) => f.id));
      const expected = made
        .filter((f) => reqs.every((r) => equipment.some((e) => e.facilityId === f.id && machineMeets(e, r))))
        .map((f) => f.name);
      expect(result.matches.map((m) => m.facility.name).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('matches across the antimeridian and near the poles', async () => {
    const west = await workshop({ lat: -16.5, lon: -179.9 }, PRINTER, { name: 'West of the line' });
    const polar = await workshop({ lat: 89.5, lon: 120 }, PRINTER, { name: 'Polar' });
    const across = await matching.match({
      requirements: [{ process: '3DP' }],
      location: { lat: -16.5, lon: 179.9 },
      radiusKm: 50,
      quantity: 1,
    });
    expect(across.matches.map((m) => m.facility.id)).toContain(west.id);
    const pole = await matching.match({
      requirements: [{ process: '3DP' }],
      location: { lat: 89.5, lon: -60 },
      radiusKm: 150,
      quantity: 1,
    });
    expect(pole.matches.find((m) => m.facility.id === polar.id)?.distanceKm).toBeCloseTo(111, -1);
  });

  it('hands anonymous viewers distances, scores and reasons from the public location only; members see them exact', async () => {
    // Its public location rounds to (-34.5, -27.5): about 4.4 km south and 3.7 km west of it.
    const exact = { lat: -34.54, lon: -27.54 };
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer, { kind: 'MAKERSPACE' });
    const hidden = await facilities.register(admin.viewer, {
      organizationId: org.id,
      name: 'Hidden',
      location: exact,
      capacityHoursPerWeek: 40,
      equipment: PRINTER,
    });
    const from: [{ lat: number; lon: number }, { lat: number; lon: number }, { lat: number; lon: number }] = [
      { lat: -34.35, lon: -27.54 },
      { lat: -34.7, lon: -27.8 },
      { lat: -34.7, lon: -27.3 },
    ];
    const seen = async (viewer: { accountId: string } | null) =>
      Promise.all(
        from.map(async (p) =>
          (
            await matching.match({ requirements: [{ process: '3DP' }], location: p, radiusKm: 100, quantity: 1, first: 100 }, viewer)
          ).matches.find((m) => m.facility.id === hidden.id)!,
        ),
      );
    const anonymous = await seen(null);
    const located = trilaterate(from, anonymous.map((m) => m.distanceKm) as [number, number, number]);
    expect(kmBetween(located, exact)).toBeGreaterThan(3);
    expect(kmBetween(located, { lat: -34.5, lon: -27.5 })).toBeLessThan(2);
    // Neither the score nor the reasons carry the exact distance.
    for (const [i, m] of anonymous.entries()) {
      expect(m.reasons.join(' ')).not.toContain(kmBetween(from[i]!, exact).toFixed(1));
      const weights = app.get<AppConfig>(APP_CONFIG).matching.weights;
      expect(m.score).toBeCloseTo(
        scoreOf(
          {
            distanceKm: m.distanceKm,
            radiusKm: 100,
            load: 0,
            verificationLevel: 'SELF_ASSERTED',
            cooperative: false,
            reliability: { sample: 0, onTime: 0, resolved: 0, firstDelivery: 0 },
          },
          weights,
        ),
        6,
      );
    }
    const member = await seen(admin.viewer);
    expect(kmBetween(trilaterate(from, member.map((m) => m.distanceKm) as [number, number, number]), exact)).toBeLessThan(0.1);
  });

  it('proposes a split across facilities with an assembler when no one can make everything', async () => {
    const home = remotePoint();
    const laser = await workshop(eastOf(home, 5), LASER, { name: 'Laser' });
    const printer = await workshop(eastOf(home, 9), PRINTER, { name: 'Printer' });
    await workshop(eastOf(home, 40), PRINTER, { name: 'Far printer' });
    const designer = await newAccount(app);
    const version = await newDesignVersion(app, designer.viewer, panelAndHinge);
    const input = { designVersionCid: version.cid, location: home, radiusKm: 60, quantity: 1 };
    expect((await matching.match(input)).matches).toEqual([]);
    const plan = (await matching.split(input))!;
    expect(plan.assembler.id).toBe(laser.id);
    expect(plan.lines.map((l) => [l.requirement.key, l.facility.id])).toEqual([
      ['panel', laser.id],
      ['hinge', printer.id],
    ]);
    expect(plan.totalKm).toBeCloseTo(5 + 4, 0);
  });

  it('refuses bad input with typed errors', async () => {
    const home = remotePoint();
    const ok = { requirements: [{ process: 'laser' }], location: home, radiusKm: 10, quantity: 1 };
    const cases: Array<[object, string, new (...a: never[]) => Error]> = [
      [{ location: { lat: 95, lon: 0 } }, 'location.lat', InvalidInputError],
      [{ location: { lat: 0, lon: 200 } }, 'location.lon', InvalidInputError],
      [{ radiusKm: 0 }, 'radiusKm', InvalidInputError],
      [{ radiusKm: 2001 }, 'radiusKm', InvalidInputError],
      [{ quantity: 0 }, 'quantity', InvalidInputError],
      [{ quantity: 1.5 }, 'quantity', InvalidInputError],
      [{ dueDate: new Date(Date.now() - 60_000) }, 'dueDate', InvalidInputError],
      [{ requirements: [{ process: 'alchemy' }] }, 'requirements[0].process', InvalidInputError],
      [{ requirements: [] }, 'designVersionCid', InvalidInputError],
      [{ first: 0 }, 'first', InvalidInputError],
    ];
    for (const [patch, field, type] of cases) {
      const err = await matching.match({ ...ok, ...patch } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as InvalidInputError).field).toBe(field);
    }
    await expect(
      matching.match({ ...ok, designVersionCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(app.get(Database)).toBeDefined();
  });
});
