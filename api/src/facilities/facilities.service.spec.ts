import { aFacility, anOrganization } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { FacilitiesRepository } from './facilities.repository.js';
import { FacilitiesService } from './facilities.service.js';
import type { FacilityInput } from './facility-input.js';

const VIEWER: Viewer = { accountId: '0b8d5c7e-2a41-4f63-9c1d-5e7f8a9b0c1d' };
const ORG = anOrganization();

function setup(memberships: Array<{ organizationId: string; role: Role }> = []) {
  const facilities = mock<FacilitiesRepository>();
  const organizations = mock<OrganizationsService>();
  const outbox = mock<OutboxRepository>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const { uow, runs } = fakeUnitOfWork();
  organizations.get.mockResolvedValue(ORG);
  const service = new FacilitiesService(facilities, organizations, outbox, uow, new AccessService(lookup));
  return { service, facilities, organizations, outbox, runs };
}

const input = (over: Partial<FacilityInput> = {}): FacilityInput => ({
  organizationId: ORG.id,
  name: 'Kreuzberg Fab Lab',
  capacityHoursPerWeek: 60,
  equipment: [{ process: '3DP' }, { process: 'laser', materials: [' PLA ', 'pla'] }, { process: 'three_d_printing' }],
  ...over,
});

type Setup = ReturnType<typeof setup>;
function expectNothingWritten(t: Setup) {
  expect(t.runs()).toBe(0);
  expect(t.facilities.insert).not.toHaveBeenCalled();
  expect(t.facilities.replace).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}

describe('FacilitiesService.register', () => {
  it('lets an admin register a self-asserted facility with its equipment and announces its processes', async () => {
    const t = setup([{ organizationId: ORG.id, role: 'ADMIN' }]);
    const facility = await t.service.register(VIEWER, input(), 'okw:source-1');
    expect(t.organizations.get).toHaveBeenCalledWith(ORG.id);
    expect(facility).toMatchObject({ organizationId: ORG.id, verificationLevel: 'SELF_ASSERTED', sourceId: 'okw:source-1' });
    const [, stored, equipment] = t.facilities.insert.mock.calls[0]!;
    expect(stored).toBe(facility);
    expect(equipment.map((e) => e.process)).toEqual(['THREE_D_PRINTING', 'LASER_CUTTING', 'THREE_D_PRINTING']);
    expect(equipment[1]!.materials).toEqual(['pla']);
    expect(t.outbox.append).toHaveBeenCalledWith(expect.anything(), {
      type: 'facility.registered',
      aggregateType: 'facility',
      aggregateId: facility.id,
      payload: {
        facilityId: facility.id,
        organizationId: ORG.id,
        actorId: VIEWER.accountId,
        processes: ['THREE_D_PRINTING', 'LASER_CUTTING'],
      },
    });
    expect(t.runs()).toBe(1);
  });

  it.each([
    [
      'a plain member',
      [{ organizationId: ORG.id, role: 'MEMBER' as const }],
      'Only admins of the organization can register its facilities.',
    ],
    [
      'a treasurer',
      [{ organizationId: ORG.id, role: 'TREASURER' as const }],
      'Only admins of the organization can register its facilities.',
    ],
    ['an outsider', [{ organizationId: 'elsewhere', role: 'ADMIN' as const }], 'Only members of this organization can see this.'],
  ])('refuses %s, and writes nothing', async (_who, memberships, message) => {
    const t = setup(memberships);
    const err = await t.service.register(VIEWER, input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'FORBIDDEN', message });
    expectNothingWritten(t);
  });

  it.each([
    [{ capacityHoursPerWeek: 0 }, 'capacityHoursPerWeek', 'OUT_OF_RANGE'],
    [{ location: { lat: 91, lon: 0 } }, 'location.lat', 'OUT_OF_RANGE'],
    [{ equipment: [{ process: 'alchemy' }] }, 'equipment[0].process', 'UNKNOWN_PROCESS'],
    [{ equipment: [{ process: 'CNC', quantity: 0 }] }, 'equipment[0].quantity', 'OUT_OF_RANGE'],
    [{ accessType: 'SOMETIMES' }, 'accessType', 'INVALID'],
  ] as Array<[Partial<FacilityInput>, string, string]>)(
    'refuses %o on %s with a typed error, and writes nothing',
    async (over, field, reason) => {
      const t = setup([{ organizationId: ORG.id, role: 'ADMIN' }]);
      const err = await t.service.register(VIEWER, input(over)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
      expectNothingWritten(t);
    },
  );
});

describe('FacilitiesService.update', () => {
  const existing = aFacility({
    organizationId: ORG.id,
    name: 'Old Name',
    description: 'Kept',
    city: 'Berlin',
    country: 'DE',
    accessType: 'PUBLIC',
    capacityHoursPerWeek: 40,
  });

  function withExisting(memberships: Array<{ organizationId: string; role: Role }>) {
    const t = setup(memberships);
    t.facilities.findById.mockResolvedValue(existing);
    t.facilities.equipmentOf.mockResolvedValue([
      { id: 'e1', facilityId: existing.id, process: 'CNC_MILLING', quantity: 1, materials: [], condition: 'GOOD' },
      { id: 'e2', facilityId: existing.id, process: 'CNC_MILLING', quantity: 2, materials: [], condition: 'GOOD' },
    ]);
    return t;
  }

  it('keeps the fields left out and the equipment when none is given', async () => {
    const t = withExisting([{ organizationId: ORG.id, role: 'ADMIN' }]);
    await t.service.update(VIEWER, existing.id, { name: 'New Name', capacityHoursPerWeek: 80 });
    const [, stored, equipment] = t.facilities.replace.mock.calls[0]!;
    expect(stored).toMatchObject({
      id: existing.id,
      organizationId: ORG.id,
      name: 'New Name',
      capacityHoursPerWeek: 80,
      description: 'Kept',
      city: 'Berlin',
      accessType: 'PUBLIC',
      verificationLevel: existing.verificationLevel,
      createdAt: existing.createdAt,
    });
    expect(equipment).toBeNull();
    expect(t.facilities.markEdited).toHaveBeenCalledWith(expect.anything(), existing.id, ['name', 'capacityHoursPerWeek']);
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'facility.updated', payload: expect.objectContaining({ processes: ['CNC_MILLING'] }) }),
    );
  });

  it('clears a field given as null and replaces the equipment when given', async () => {
    const t = withExisting([{ organizationId: ORG.id, role: 'ADMIN' }]);
    await t.service.update(VIEWER, existing.id, {
      name: 'Old Name',
      capacityHoursPerWeek: 40,
      description: null,
      equipment: [{ process: 'PCB' }],
    });
    const [, stored, equipment] = t.facilities.replace.mock.calls[0]!;
    expect(stored.description).toBeNull();
    expect(equipment!.map((e) => e.process)).toEqual(['PCB_FABRICATION']);
    // What changed is the co-op's own from now on (a directory re-import keeps it).
    expect(t.facilities.markEdited).toHaveBeenCalledWith(expect.anything(), existing.id, ['description', 'equipment']);
  });

  it('refuses a member who is not an admin, and writes nothing', async () => {
    const t = withExisting([{ organizationId: ORG.id, role: 'MEMBER' }]);
    await expect(t.service.update(VIEWER, existing.id, { name: 'Mine now', capacityHoursPerWeek: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only admins of the organization edit its facilities.',
    });
    expectNothingWritten(t);
  });

  it('refuses an unknown facility as not found', async () => {
    const t = setup([{ organizationId: ORG.id, role: 'ADMIN' }]);
    t.facilities.findById.mockResolvedValue(null);
    await expect(t.service.update(VIEWER, 'missing', { name: 'X Y', capacityHoursPerWeek: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      entity: 'Facility',
    });
    expectNothingWritten(t);
  });

  it('refuses an edit that makes the profile invalid, and writes nothing', async () => {
    const t = withExisting([{ organizationId: ORG.id, role: 'ADMIN' }]);
    await expect(t.service.update(VIEWER, existing.id, { name: 'Old Name', capacityHoursPerWeek: -5 })).rejects.toMatchObject({
      field: 'capacityHoursPerWeek',
    });
    expectNothingWritten(t);
  });
});

describe('FacilitiesService.near', () => {
  it.each([
    [{ radiusKm: 0 }, 'radiusKm'],
    [{ radiusKm: 2001 }, 'radiusKm'],
    [{ first: 101 }, 'first'],
    [{ lat: -91 }, 'near.lat'],
  ])('refuses %o without querying', async (over, field) => {
    const t = setup();
    await expect(t.service.near({ lat: 52.5, lon: 13.4, radiusKm: 50, ...over })).rejects.toMatchObject({ field });
    expect(t.facilities.near).not.toHaveBeenCalled();
  });

  it('shows members the exact distance of a hidden location and others only whole kilometres', async () => {
    const hidden = aFacility({ organizationId: ORG.id, locationPublic: false, location: { lat: 52.5234, lon: 13.4114 } });
    const args = { lat: 52.52, lon: 13.405, radiusKm: 50 };
    const member = setup([{ organizationId: ORG.id, role: 'MEMBER' }]);
    member.facilities.near.mockResolvedValue([{ facility: hidden, distanceKm: 0.61234 }]);
    const stranger = setup();
    stranger.facilities.near.mockResolvedValue([{ facility: hidden, distanceKm: 0.61234 }]);
    expect((await member.service.near(args, VIEWER))[0]!.distanceKm).toBe(0.61);
    // Measured from the rounded point (52.5, 13.4), about 2.25 km away.
    expect((await stranger.service.near(args, VIEWER))[0]!.distanceKm).toBe(2);
  });
});
