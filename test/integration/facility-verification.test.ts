import type { INestApplicationContext } from '@nestjs/common';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FacilityVerificationService } from '../../api/src/facilities/facility-verification.service.js';
import { fromOkwJson } from '../../api/src/facilities/import/directories.js';
import { parseFacilityInput } from '../../api/src/facilities/facility-input.js';
import { toOkw } from '../../api/src/facilities/okw-export.js';
import { MatchingService } from '../../api/src/matching/matching.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { eastOf, newAccount, newOrganization, remotePoint } from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let verification: FacilityVerificationService;
let db: Database;

beforeAll(async () => {
  app = await createDomainContext(testConfig({ PEER_ATTESTATIONS_REQUIRED: '2' }));
  verification = app.get(FacilityVerificationService);
  db = app.get(Database);
});
afterAll(() => app.close());

async function lab(at = remotePoint(), extra: Record<string, unknown> = {}) {
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer, { kind: 'MAKERSPACE' });
  const facility = await app.get(FacilitiesService).register(admin.viewer, {
    organizationId: org.id,
    name: 'Lab',
    location: { ...at, address: '12 Quay Street', city: 'Port', country: 'NZ' },
    capacityHoursPerWeek: 30,
    equipment: [
      {
        process: 'CNC',
        make: 'Shopbot',
        model: 'PRSalpha',
        quantity: 2,
        materials: ['plywood', 'mdf'],
        buildVolumeMm: { x: 2440, y: 1220, z: 150 },
        toleranceClass: 'm',
      },
    ],
    ...extra,
  });
  return { admin, org, facility };
}

const TABLES = ['facility_attestations', 'facility_verification_history', 'outbox_events'];

describe('verification ladder', () => {
  it('moves a facility to PEER_ATTESTED after attestations from enough verified facilities, and ranks it higher', async () => {
    const home = remotePoint();
    const target = await lab(eastOf(home, 5));
    const twin = await lab(eastOf(home, 5));
    const [v1, v2, unverified] = [await lab(), await lab(), await lab()];
    await verification.setLevel(null, v1.facility.id, 'VERIFIED', 'site visit by the federation');
    await verification.setLevel(null, v2.facility.id, 'VERIFIED', 'site visit by the federation');

    await expectNothingWritten(
      db,
      TABLES,
      () => verification.attest(unverified.admin.viewer, target.facility.id, unverified.facility.id, 'I visited and saw the machines'),
      ForbiddenError,
    );
    await expectNothingWritten(
      db,
      TABLES,
      () => verification.attest(v1.admin.viewer, v1.facility.id, v1.facility.id, 'I visited and saw the machines'),
      ForbiddenError,
    );
    await expectNothingWritten(
      db,
      TABLES,
      () => verification.attest(target.admin.viewer, target.facility.id, v1.facility.id, 'I visited and saw the machines'),
      ForbiddenError,
    );
    await expectNothingWritten(
      db,
      TABLES,
      () => verification.attest(v1.admin.viewer, target.facility.id, v1.facility.id, 'ok'),
      InvalidInputError,
      'statement',
    );

    const once = await verification.attest(
      v1.admin.viewer,
      target.facility.id,
      v1.facility.id,
      'Cut a test panel on their Shopbot: within 0.3 mm',
    );
    expect(once.verificationLevel).toBe('SELF_ASSERTED');
    await expectNothingWritten(
      db,
      TABLES,
      () => verification.attest(v1.admin.viewer, target.facility.id, v1.facility.id, 'Attesting a second time'),
      ConflictError,
    );
    const twice = await verification.attest(
      v2.admin.viewer,
      target.facility.id,
      v2.facility.id,
      'Visited; machines and materials as listed',
    );
    expect(twice.verificationLevel).toBe('PEER_ATTESTED');
    expect(await verification.historyOf([target.facility.id])).toEqual([
      expect.objectContaining({ from: 'SELF_ASSERTED', to: 'PEER_ATTESTED', reason: 'attested by 2 verified facilities' }),
    ]);
    const events = await db.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1 AND type LIKE 'facility.%' ORDER BY id`, [
      target.facility.id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'facility.registered',
      'facility.attested',
      'facility.attested',
      'facility.verification-changed',
    ]);

    // Same place, same kit: the attested twin ranks first, and says why.
    const result = await app
      .get(MatchingService)
      .match({ requirements: [{ process: 'CNC_MILLING' }], location: home, radiusKm: 20, quantity: 1 });
    expect(result.matches.map((m) => m.facility.id)).toEqual([target.facility.id, twin.facility.id]);
    expect(result.matches[0]!.reasons).toContain('capabilities attested by verified peers');
  });

  it('counts concurrent attestations right', async () => {
    const target = await lab();
    const verifiers = [await lab(), await lab(), await lab()];
    for (const v of verifiers) await verification.setLevel(null, v.facility.id, 'VERIFIED', 'audit');
    const results = await Promise.all(
      verifiers.map((v) => verification.attest(v.admin.viewer, target.facility.id, v.facility.id, 'Checked the equipment list in person')),
    );
    expect(results.filter((r) => r.verificationLevel === 'PEER_ATTESTED').length).toBeGreaterThanOrEqual(1);
    expect((await verification.historyOf([target.facility.id])).map((h) => h.to)).toEqual(['PEER_ATTESTED']);
    await expect(verification.setLevel(null, target.facility.id, 'PEER_ATTESTED', 'again')).rejects.toBeInstanceOf(ConflictError);
    await expect(verification.setLevel(null, target.facility.id, 'GOLD', 'audit')).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('Open Know-Where export', () => {
  it('exports the public view and re-imports to the same profile and equipment', async () => {
    const { facility } = await lab(remotePoint(), {
      openingHours: 'Mo-Fr 09:00-18:00',
      certifications: ['ISO 9001'],
      typicalBatchSize: '1-50',
      contactEmail: 'hello@lab.example',
    });
    const equipment = await app.get(FacilitiesService).equipmentOf([facility.id]);
    const okw = toOkw(facility, equipment);
    expect(okw.geocoding).toEqual({
      latitude: Math.round(facility.location!.lat * 10) / 10,
      longitude: Math.round(facility.location!.lon * 10) / 10,
      exact: false,
    });
    expect(okw.address).toBeNull();
    expect(JSON.stringify(okw)).not.toContain('hello@lab.example');
    expect(okw.facility.equipment[0]).toMatchObject({
      equipmentType: 'https://en.wikipedia.org/wiki/Milling_(machining)',
      manufacturer: 'Shopbot',
      workingVolume: { x: 2440, y: 1220, z: 150, unit: 'mm' },
    });

    const [record] = fromOkwJson(JSON.stringify([okw]));
    const again = parseFacilityInput({ ...record!.input, organizationId: facility.organizationId });
    expect(again.facility).toMatchObject({
      name: facility.name,
      openingHours: 'Mo-Fr 09:00-18:00',
      certifications: ['ISO 9001'],
      typicalBatchSize: '1-50',
      city: 'Port',
      country: 'NZ',
    });
    expect(again.equipment).toEqual(equipment.map(({ id: _id, facilityId: _f, ...e }) => e));
  });
});
