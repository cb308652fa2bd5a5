import type { INestApplicationContext } from '@nestjs/common';
import { ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesRepository } from '../../api/src/facilities/facilities.repository.js';
import { FacilitiesService, visibleLocation } from '../../api/src/facilities/facilities.service.js';
import { FacilityVerificationService } from '../../api/src/facilities/facility-verification.service.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import type { FacilityInput } from '../../api/src/facilities/facility-input.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization } from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';
import { kmBetween, trilaterate } from '../support/geo.js';

let app: INestApplicationContext;
let facilities: FacilitiesService;
let db: Database;

beforeAll(async () => {
  app = await createDomainContext();
  facilities = app.get(FacilitiesService);
  db = app.get(Database);
});
afterAll(() => app.close());

async function coop() {
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer, { kind: 'MAKERSPACE' });
  return { admin, org };
}

const workshop = (organizationId: string, lat: number, lon: number, overrides: Partial<FacilityInput> = {}): FacilityInput => ({
  organizationId,
  name: 'Community Workshop',
  location: { lat, lon, city: 'Somewhere', country: 'es' },
  capacityHoursPerWeek: 40,
  equipment: [
    { process: 'laser', make: 'Epilog', model: 'Fusion', materials: ['Plywood', 'Acrylic'], buildVolumeMm: { x: 600, y: 300, z: 50 } },
  ],
  ...overrides,
});

describe('facilities', () => {
  it('lets an organization admin register a facility with normalized equipment and announces it', async () => {
    const { admin, org } = await coop();
    const f = await facilities.register(admin.viewer, workshop(org.id, 41.39, 2.17));
    expect(f).toMatchObject({
      organizationId: org.id,
      country: 'ES',
      verificationLevel: 'SELF_ASSERTED',
      location: { lat: 41.39, lon: 2.17 },
    });
    const [eq] = await db.query('SELECT process, materials FROM facility_equipment WHERE facility_id = $1', [f.id]);
    expect(eq).toEqual({ process: 'LASER_CUTTING', materials: ['plywood', 'acrylic'] });
    const events = await db.query('SELECT type, payload FROM outbox_events WHERE aggregate_id = $1', [f.id]);
    expect(events).toEqual([{ type: 'facility.registered', payload: expect.objectContaining({ processes: ['LASER_CUTTING'] }) }]);
  });

  it('refuses members who are not admins, outsiders and bad input, writing nothing', async () => {
    const { admin, org } = await coop();
    const member = await newAccount(app);
    await app.get(OrganizationsService).addMember(admin.viewer, org.id, member.email, 'MEMBER');
    const outsider = await newAccount(app);
    const cases: Array<[() => Promise<unknown>, new (...a: never[]) => Error, string?]> = [
      [() => facilities.register(member.viewer, workshop(org.id, 0, 0)), ForbiddenError],
      [() => facilities.register(outsider.viewer, workshop(org.id, 0, 0)), ForbiddenError],
      [() => facilities.register(admin.viewer, workshop(org.id, 91, 0)), InvalidInputError, 'location.lat'],
      [() => facilities.register(admin.viewer, workshop(org.id, 0, -181)), InvalidInputError, 'location.lon'],
      [
        () => facilities.register(admin.viewer, workshop(org.id, 0, 0, { capacityHoursPerWeek: 0 })),
        InvalidInputError,
        'capacityHoursPerWeek',
      ],
      [
        () => facilities.register(admin.viewer, workshop(org.id, 0, 0, { equipment: [{ process: 'alchemy' }] })),
        InvalidInputError,
        'equipment[0].process',
      ],
    ];
    for (const [action, error, field] of cases) {
      await expectNothingWritten(db, ['facilities', 'facility_equipment', 'outbox_events'], action, error, field);
    }
  });

  it('lets admins edit a profile, replacing its equipment (what matching sees), and nobody else', async () => {
    const { admin, org } = await coop();
    const member = await newAccount(app);
    await app.get(OrganizationsService).addMember(admin.viewer, org.id, member.email, 'MEMBER');
    const f = await facilities.register(admin.viewer, workshop(org.id, 41.39, 2.17));
    const { organizationId: _org, ...profile } = workshop(org.id, 41.4, 2.18, {
      name: 'Workshop on the hill',
      capacityHoursPerWeek: 60,
      equipment: [{ process: 'cnc milling', materials: ['aluminium'] }],
    });
    const edited = await facilities.update(admin.viewer, f.id, profile);
    expect(edited).toMatchObject({
      id: f.id,
      organizationId: org.id,
      name: 'Workshop on the hill',
      capacityHoursPerWeek: 60,
      location: { lat: 41.4, lon: 2.18 },
    });
    const [{ processes }] = await db.query('SELECT processes FROM facilities WHERE id = $1', [f.id]);
    expect(processes).toEqual(['CNC_MILLING']);
    expect((await facilities.ofOrganization(org.id)).map((x) => x.id)).toEqual([f.id]);
    await expect(facilities.update(member.viewer, f.id, profile)).rejects.toBeInstanceOf(ForbiddenError);
    await expectNothingWritten(
      db,
      ['facilities', 'facility_equipment', 'outbox_events'],
      () => facilities.update(admin.viewer, f.id, { ...profile, capacityHoursPerWeek: -1 }),
      InvalidInputError,
      'capacityHoursPerWeek',
    );
  });

  it('finds active facilities nearest first within the radius, filtered by process', async () => {
    const { admin, org } = await coop();
    // A patch of the South Atlantic no other test uses.
    const lasers = await facilities.register(admin.viewer, workshop(org.id, -40.0, -20.0));
    const mill = await facilities.register(admin.viewer, workshop(org.id, -40.3, -20.0, { equipment: [{ process: 'CNC' }] }));
    const far = await facilities.register(admin.viewer, workshop(org.id, -42.0, -20.0));
    await facilities.register(admin.viewer, workshop(org.id, -40.1, -20.0, { facilityStatus: 'CLOSED' }));
    const ours = (rows: Array<{ facility: { id: string }; distanceKm: number }>) =>
      rows.filter((r) => [lasers.id, mill.id, far.id].includes(r.facility.id));

    const near = ours(await facilities.near({ lat: -40.0, lon: -20.0, radiusKm: 100 }));
    expect(near.map((r) => r.facility.id)).toEqual([lasers.id, mill.id]);
    expect(near[1]!.distanceKm).toBeCloseTo(33.4, 0);
    expect(
      ours(await facilities.near({ lat: -40.0, lon: -20.0, radiusKm: 100, process: 'cnc_milling' })).map((r) => r.facility.id),
    ).toEqual([mill.id]);
    expect(ours(await facilities.near({ lat: -40.0, lon: -20.0, radiusKm: 300 }))).toHaveLength(3);
  });

  it('measures distance across the antimeridian and near the poles', async () => {
    const { admin, org } = await coop();
    const fiji = await facilities.register(admin.viewer, workshop(org.id, -16.5, 179.95));
    const across = await facilities.near({ lat: -16.5, lon: -179.95, radiusKm: 20 }, admin.viewer);
    expect(across.find((r) => r.facility.id === fiji.id)?.distanceKm).toBeCloseTo(10.7, 0);

    const pole = await facilities.register(admin.viewer, workshop(org.id, 89.95, 0));
    // Half-way round the pole in longitude is only ~11 km away.
    const other = await facilities.near({ lat: 89.95, lon: 180, radiusKm: 20 }, admin.viewer);
    expect(other.find((r) => r.facility.id === pole.id)?.distanceKm).toBeCloseTo(11.1, 0);
  });

  it('gives anonymous viewers distances that locate a facility no better than its public location; members get exact ones', async () => {
    const { admin, org } = await coop();
    // About 4.4 km north and 3.7 km east of the point its public location rounds to.
    const exact = { lat: -33.26, lon: -28.66 };
    const hidden = await facilities.register(admin.viewer, workshop(org.id, exact.lat, exact.lon));
    const shown = visibleLocation(hidden, false)!;
    expect(shown).toMatchObject({ lat: -33.3, lon: -28.7, exact: false });
    const from: [{ lat: number; lon: number }, { lat: number; lon: number }, { lat: number; lon: number }] = [
      { lat: -33.1, lon: -28.66 },
      { lat: -33.4, lon: -28.9 },
      { lat: -33.4, lon: -28.4 },
    ];
    const distances = async (viewer: { accountId: string } | null) =>
      Promise.all(
        from.map(
          async (p) => (await facilities.near({ ...p, radiusKm: 100 }, viewer)).find((r) => r.facility.id === hidden.id)!.distanceKm,
        ),
      ) as Promise<[number, number, number]>;

    const anonymous = await distances(null);
    const outsider = await distances((await newAccount(app)).viewer);
    for (const seen of [anonymous, outsider]) {
      const located = trilaterate(from, seen);
      expect(kmBetween(located, exact)).toBeGreaterThan(3); // the exact location is not found
      expect(kmBetween(located, shown)).toBeLessThan(2); // only the public one (within the rounding to km)
      expect(seen.every((d) => Number.isInteger(d))).toBe(true);
    }
    const member = await distances(admin.viewer);
    expect(kmBetween(trilaterate(from, member), exact)).toBeLessThan(0.1);
  });

  it('refuses searches that are not local or not on Earth', async () => {
    await expect(facilities.near({ lat: 0, lon: 0, radiusKm: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(facilities.near({ lat: 0, lon: 0, radiusKm: 2001 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(facilities.near({ lat: -91, lon: 0, radiusKm: 10 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('shows only the city-level location unless the facility opted in or the viewer is a member', async () => {
    const { admin, org } = await coop();
    const hidden = await facilities.register(
      admin.viewer,
      workshop(org.id, 52.52001, 13.40495, { location: { lat: 52.52001, lon: 13.40495, address: 'Hof 3', city: 'Berlin', country: 'DE' } }),
    );
    expect(visibleLocation(hidden, false)).toEqual({ lat: 52.5, lon: 13.4, address: null, city: 'Berlin', country: 'DE', exact: false });
    expect(visibleLocation(hidden, true)).toMatchObject({ lat: 52.52001, lon: 13.40495, address: 'Hof 3', exact: true });
    const open = await facilities.register(admin.viewer, workshop(org.id, 52.52001, 13.40495, { locationPublic: true }));
    expect(visibleLocation(open, false)).toMatchObject({ lat: 52.52001, exact: true });
  });
  it('keeps a verification level that changed after an edit read the facility', async () => {
    const { admin, org } = await coop();
    const f = await facilities.register(admin.viewer, workshop(org.id, 41.39, 2.17));
    const stale = (await app.get(FacilitiesRepository).findById(f.id))!;
    await app.get(FacilityVerificationService).setLevel(null, f.id, 'VERIFIED', 'site visit');
    // The edit as the service writes it: the profile it read, with the admin's changes.
    await app.get(UnitOfWork).run((tx) => app.get(FacilitiesRepository).replace(tx, { ...stale, name: 'Renamed Workshop' }, []));
    expect(await facilities.get(f.id)).toMatchObject({ name: 'Renamed Workshop', verificationLevel: 'VERIFIED', organizationId: org.id });
  });
});
