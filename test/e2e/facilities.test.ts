import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';
import { kmBetween } from '../support/geo.js';

let platform: Awaited<ReturnType<typeof startPlatform>>;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

const REGISTER = `mutation($input: RegisterFacilityInput!) { registerFacility(input: $input) { id name verificationLevel } }`;
const NEAR = `query($lat: Float!, $lon: Float!) {
  facilitiesNear(lat: $lat, lon: $lon, radiusKm: 50, process: "3DP") {
    edges { node { distanceKm facility { id name location { lat lon address exact } equipment { process materials buildVolumeMm { x y z } } organization { name } } } }
  }
}`;

describe('facilities over GraphQL', () => {
  it('registers a facility and finds it nearby, showing members its exact location only', async () => {
    const reg = await platform.gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
      i: { email: uniqueEmail('fab'), password: PASSWORD, name: 'Fab Admin' },
    });
    const token = reg.data!.register.token;
    const org = await platform.gql<{ createOrganization: { id: string } }>(
      'mutation { createOrganization(input: { name: "Valparaíso Fab Co-op", kind: COOPERATIVE }) { id } }',
      {},
      token,
    );
    const registered = await platform.gql(
      REGISTER,
      {
        input: {
          organizationId: org.data!.createOrganization.id,
          name: 'Taller Cerro Alegre',
          location: { lat: -33.04321, lon: -71.62789, address: 'Calle 1', city: 'Valparaíso', country: 'CL' },
          capacityHoursPerWeek: 60,
          equipment: [
            {
              process: 'three_d_printing',
              make: 'Prusa',
              model: 'MK4',
              quantity: 3,
              materials: ['PLA', 'PETG'],
              buildVolumeMm: { x: 250, y: 210, z: 220 },
            },
          ],
        },
      },
      token,
    );
    expect(registered.data!.registerFacility).toMatchObject({ name: 'Taller Cerro Alegre', verificationLevel: 'SELF_ASSERTED' });

    const anonymous = await platform.gql(NEAR, { lat: -33.05, lon: -71.6 });
    const found = anonymous
      .data!.facilitiesNear.edges.map((e: { node: unknown }) => e.node)
      .find((n: { facility: { name: string } }) => n.facility.name === 'Taller Cerro Alegre');
    expect(found.facility).toMatchObject({
      location: { lat: -33, lon: -71.6, address: null, exact: false },
      equipment: [{ process: 'THREE_D_PRINTING', materials: ['pla', 'petg'], buildVolumeMm: { x: 250, y: 210, z: 220 } }],
      organization: { name: 'Valparaíso Fab Co-op' },
    });
    // Measured from the public location (-33.0, -71.6), in whole kilometres; members get it exact.
    expect(found.distanceKm).toBe(Math.round(kmBetween({ lat: -33.05, lon: -71.6 }, { lat: -33, lon: -71.6 })));

    const member = await platform.gql(NEAR, { lat: -33.05, lon: -71.6 }, token);
    const mine = member
      .data!.facilitiesNear.edges.map((e: { node: unknown }) => e.node)
      .find((n: { facility: { name: string } }) => n.facility.name === 'Taller Cerro Alegre');
    expect(mine.facility.location).toEqual({ lat: -33.04321, lon: -71.62789, address: 'Calle 1', exact: true });
    expect(mine.distanceKm).toBeCloseTo(kmBetween({ lat: -33.05, lon: -71.6 }, { lat: -33.04321, lon: -71.62789 }), 1);

    const bad = await platform.gql(
      REGISTER,
      {
        input: { organizationId: org.data!.createOrganization.id, name: 'X lab', location: { lat: 100, lon: 0 }, capacityHoursPerWeek: 10 },
      },
      token,
    );
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location.lat' });
  });
});

describe('inferred capabilities over GraphQL', () => {
  const PROFILE = `query($id: ID!) { facility(id: $id) { equipment { id model materials buildVolumeMm { x y z } inferred { field basis } } } }`;

  it('shows inferred values with their basis in the profile and the match, until the co-op confirms them', async () => {
    const reg = await platform.gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
      i: { email: uniqueEmail('infer'), password: PASSWORD, name: 'Fab Admin' },
    });
    const token = reg.data!.register.token;
    const org = await platform.gql<{ createOrganization: { id: string } }>(
      'mutation { createOrganization(input: { name: "Inference Co-op", kind: COOPERATIVE }) { id } }',
      {},
      token,
    );
    const at = { lat: -41.2865 + Math.random() / 10, lon: 174.7762 };
    const registered = await platform.gql<{ registerFacility: { id: string } }>(
      REGISTER,
      {
        input: {
          organizationId: org.data!.createOrganization.id,
          name: 'Taller Inferido',
          location: at,
          capacityHoursPerWeek: 40,
          equipment: [{ process: '3DP', make: 'Ultimaker', model: 'Ultimaker S5' }],
        },
      },
      token,
    );
    const id = registered.data!.registerFacility.id;
    const inferred = await platform.gql('mutation($id: ID!) { inferFacilityCapabilities(facilityId: $id) }', { id }, token);
    expect(inferred.data).toEqual({ inferFacilityCapabilities: 1 });

    const profile = await platform.gql(PROFILE, { id });
    const [printer] = profile.data!.facility.equipment;
    expect(printer).toMatchObject({ model: 'Ultimaker S5', buildVolumeMm: { x: 330, y: 240, z: 300 } });
    expect(printer.materials).toEqual(expect.arrayContaining(['pla', 'abs']));
    expect(printer.inferred).toEqual([
      { field: 'materials', basis: expect.stringMatching(/^Ultimaker S5 spec sheet/) },
      { field: 'buildVolumeMm', basis: expect.stringMatching(/330×240×300/) },
    ]);

    const MATCH = `query($input: MatchFacilitiesInput!) { matchFacilities(input: $input) { edges { node { facility { id } reasons } } } }`;
    const input = { requirements: [{ process: '3DP', material: 'ABS', label: 'bracket' }], location: at, radiusKm: 1, quantity: 1 };
    const match = async () =>
      (await platform.gql(MATCH, { input }))
        .data!.matchFacilities.edges.map((e: { node: { facility: { id: string }; reasons: string[] } }) => e.node)
        .find((m: { facility: { id: string } }) => m.facility.id === id);
    expect((await match()).reasons).toContainEqual(
      expect.stringMatching(/^"bracket" on Ultimaker Ultimaker S5: inferred, not yet confirmed by the co-op: abs/),
    );

    const confirmed = await platform.gql(
      'mutation($e: ID!) { confirmEquipmentCapability(equipmentId: $e, fields: ["materials", "buildVolumeMm"]) { inferred { field } } }',
      { e: printer.id },
      token,
    );
    expect(confirmed.data).toEqual({ confirmEquipmentCapability: { inferred: [] } });
    expect((await match()).reasons.some((r: string) => r.includes('inferred'))).toBe(false);

    const stranger = await platform.gql(
      'mutation($e: ID!) { correctEquipmentCapability(equipmentId: $e, input: { materials: ["wood"] }) { id } }',
      { e: printer.id },
    );
    expect(stranger.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
