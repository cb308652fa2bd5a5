import { PASSWORD, eastOf, remotePoint, uniqueEmail } from '../support/factories.js';
import { CLAIM, REQUEST, signUp, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

const OFFER = `mutation($input: CapacityOfferInput!) { offerCapacity(input: $input) { id process hours remainingHours } }`;
const SUBCONTRACT = `mutation($input: SubcontractInput!) {
  subcontractCapacity(input: $input) {
    id status hours process lenderFacilityId
    commitment { id type action provider receiver effortQuantity { hasNumericalValue hasUnit } resourceClassifiedAs inScopeOf finished }
  }
}`;
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

// A co-op with a laser-cutting workshop that keeps a calendar; its admin's email is known so that
// another admin can add them to a federation.
async function coop(platform: Platform, at: { lat: number; lon: number }, name: string) {
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
  const reg = await platform.gql('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email, password: PASSWORD, name },
  });
  const token = reg.data!.register.token as string;
  const org = await platform.gql(
    'mutation($n: String!) { createOrganization(input: { name: $n, kind: COOPERATIVE }) { id } }',
    { n: name },
    token,
  );
  const organizationId = org.data!.createOrganization.id as string;
  const f = await platform.gql(
    'mutation($input: RegisterFacilityInput!) { registerFacility(input: $input) { id } }',
    {
      input: {
        organizationId,
        name: `${name} workshop`,
        location: at,
        capacityHoursPerWeek: 40,
        equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 1000, y: 600, z: 30 } }],
      },
    },
    token,
  );
  const facilityId = f.data!.registerFacility.id as string;
  const cal = await platform.gql(
    'mutation($f: ID!, $input: FacilityCalendarInput!) { setFacilityCalendar(facilityId: $f, input: $input) { timeZone } }',
    { f: facilityId, input: { timeZone: 'Europe/Berlin', hours: allWeek } },
    token,
  );
  expect(cal.errors).toBeUndefined();
  return { email, token, organizationId, facilityId };
}

describe('capacity lending over HTTP', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform.close());

  it('offers hours to a federation, books them for a claimed job as a Valueflows commitment, and refuses outsiders with typed errors', async () => {
    const home = remotePoint();
    const borrower = await coop(platform, eastOf(home, 3), 'Harbour Makers');
    const lender = await coop(platform, eastOf(home, 8), 'Hill Fab');
    const fed = await platform.gql(
      'mutation { createOrganization(input: { name: "Coast Federation", kind: FEDERATION }) { id } }',
      {},
      borrower.token,
    );
    const federationId = fed.data!.createOrganization.id as string;
    const JOIN = 'mutation($f: ID!, $o: ID!) { joinFederation(federationId: $f, organizationId: $o) { id } }';
    expect((await platform.gql(JOIN, { f: federationId, o: borrower.organizationId }, borrower.token)).errors).toBeUndefined();
    await platform.gql(
      'mutation($e: String!, $o: ID!) { addMember(email: $e, organizationId: $o, role: ADMIN) { role } }',
      { e: lender.email, o: federationId },
      borrower.token,
    );
    expect((await platform.gql(JOIN, { f: federationId, o: lender.organizationId }, lender.token)).errors).toBeUndefined();

    const until = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const input = { facilityId: lender.facilityId, federationId, process: 'laser', hours: 12, availableUntil: until };
    const bad = await platform.gql(OFFER, { input: { ...input, process: 'telepathy' } }, lender.token);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'process', reason: 'UNKNOWN_PROCESS' });
    const notMine = await platform.gql(OFFER, { input }, borrower.token);
    expect(notMine.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const offer = (await platform.gql(OFFER, { input }, lender.token)).data!.offerCapacity;
    expect(offer).toMatchObject({ process: 'LASER_CUTTING', hours: 12, remainingHours: 12 });
    const listed = await platform.gql(
      'query($f: ID!) { capacityOffers(federationId: $f) { id remainingHours } }',
      { f: federationId },
      borrower.token,
    );
    expect(listed.data!.capacityOffers).toEqual([{ id: offer.id, remainingHours: 12 }]);

    // A request the borrower claims, then books 3 of its 5 hours from the lender.
    const designer = await signUp(platform, 'designer');
    const files = await upload(platform, designer, { 'cut/panel.svg': '<svg/>' });
    const published = await platform.gql(
      'mutation($input: PublishDesignVersionInput!) { publishDesignVersion(input: $input) { cid } }',
      {
        input: {
          title: 'Bench',
          rootCid: files.cid,
          license: { hardware: 'CERN-OHL-S-2.0' },
          parts: [{ id: 'top', name: 'top', process: 'LASER_CUTTING', material: 'plywood', outerDimensionsMm: { x: 800, y: 500, z: 6 } }],
        },
      },
      designer,
    );
    const requester = await signUp(platform, 'requester');
    const request = await platform.gql(
      REQUEST,
      {
        input: {
          designVersionCid: published.data!.publishDesignVersion.cid,
          quantity: 5,
          location: home,
          radiusKm: 30,
          dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        },
      },
      requester,
    );
    const requestId = request.data!.requestProduction.id as string;
    const jobId = (await platform.gql(CLAIM, { r: requestId, f: borrower.facilityId }, borrower.token)).data!.claimProductionRequest.id;

    const outsider = await platform.gql(SUBCONTRACT, { input: { jobId, offerId: offer.id, hours: 3 } }, requester);
    expect(outsider.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const tooMuch = await platform.gql(SUBCONTRACT, { input: { jobId, offerId: offer.id, hours: 6 } }, borrower.token);
    expect(tooMuch.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_HOURS' });
    const sub = await platform.gql(SUBCONTRACT, { input: { jobId, offerId: offer.id, hours: 3 } }, borrower.token);
    expect(sub.errors).toBeUndefined();
    const s = sub.data!.subcontractCapacity;
    expect(s).toMatchObject({ status: 'COMMITTED', hours: 3, process: 'LASER_CUTTING', lenderFacilityId: lender.facilityId });
    expect(s.commitment).toMatchObject({
      id: `urn:cosmolocal:commitment:${s.id}`,
      type: 'vf:Commitment',
      action: 'work',
      effortQuantity: { hasNumericalValue: '3.00', hasUnit: 'hour' },
      resourceClassifiedAs: 'https://en.wikipedia.org/wiki/Laser_cutting',
      inScopeOf: `urn:cosmolocal:job:${jobId}`,
      finished: false,
    });
    expect(s.commitment.provider).toMatch(/^did:key:z/);
    expect(s.commitment.receiver).toMatch(/^did:key:z/);
    expect(s.commitment.provider).not.toBe(s.commitment.receiver);

    // The lender's calendar holds the hours; the job shows its subcontract to its parties.
    const bookings = await platform.gql(
      'query($f: ID!) { facilityBookings(facilityId: $f) { jobId hours } }',
      { f: lender.facilityId },
      lender.token,
    );
    expect(bookings.data!.facilityBookings).toEqual([{ jobId, hours: 3 }]);
    const seen = await platform.gql('query($j: ID!) { jobSubcontracts(jobId: $j) { id status } }', { j: jobId }, requester);
    expect(seen.data!.jobSubcontracts).toEqual([{ id: s.id, status: 'COMMITTED' }]);
    const left = await platform.gql(
      'query($f: ID!) { capacityOffers(federationId: $f) { remainingHours } }',
      { f: federationId },
      lender.token,
    );
    expect(left.data!.capacityOffers).toEqual([{ remainingHours: 9 }]);
  }, 120_000);
});
