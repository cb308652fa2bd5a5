import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { DesignImportService } from '../../api/src/designs/design-import.service.js';
import { EquipmentCapabilityService } from '../../api/src/facilities/equipment-capability.service.js';
import { toEquipmentModel } from '../../api/src/facilities/facilities.mappers.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { greatCircleKm } from '../../api/src/facilities/geo.js';
import { FacilityImportService } from '../../api/src/facilities/facility-import.service.js';
import { fromFablabsCsv, fromOkwJson, type DirectoryFacility } from '../../api/src/facilities/import/directories.js';
import { toOkw } from '../../api/src/facilities/okw-export.js';
import { MatchingService } from '../../api/src/matching/matching.service.js';
import { createDomainContext } from '../support/context.js';
import { describeWithSharedData, FIXTURES, SHARED_DATA } from '../support/datasets.js';
import { newAccount, newOrganization, remotePoint } from '../support/factories.js';

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const fablabs = (dir: string, labs: string, machines: string) => fromFablabsCsv(read(dir, labs), read(dir, machines));

// Imports `record` under a fresh source id (at `at` when given) and returns the facility and its machines.
async function importOne(record: DirectoryFacility, at?: { lat: number; lon: number }) {
  const importer = await newAccount(app);
  const sourceId = `${record.sourceId}:${randomUUID()}`;
  const input = at ? { ...record.input, location: { ...record.input.location, ...at } } : record.input;
  await app.get(FacilityImportService).upsert(importer.viewer, { ...record, sourceId, input });
  const facilities = app.get(FacilitiesService);
  const [row] = await app.get(Database).query('SELECT id FROM facilities WHERE source_id = $1', [sourceId]);
  const [facility] = await facilities.byIds([row.id]);
  return { importer, facility: facility!, machines: await facilities.equipmentOf([facility!.id]) };
}

describe('capabilities inferred at import, confirmed and corrected by the co-op', () => {
  const harbourside = () =>
    fablabs(join(FIXTURES, 'facilities'), 'fablabs_labs.csv', 'fablabs_machines.csv').find((l) => l.input.name === 'Harbourside Fab Lab')!;

  it('marks every inferred value with its basis, in the profile too', async () => {
    const { facility, machines } = await importOne(harbourside(), remotePoint());
    const prusa = machines.find((e) => e.model === 'mk4')!;
    expect(prusa.buildVolumeMm).toEqual({ x: 250, y: 210, z: 220 });
    expect(prusa.materials).toEqual(expect.arrayContaining(['pla', 'petg']));
    expect(prusa.inferred).toEqual({ materials: expect.stringMatching(/Prusa MK4/), buildVolumeMm: expect.stringMatching(/250×210×220/) });
    const laser = machines.find((e) => e.model === 'speedy 300')!;
    expect(laser.materials).toEqual(expect.arrayContaining(['plywood', 'acrylic', 'mdf']));
    expect(toEquipmentModel(laser).inferred).toEqual([
      { field: 'materials', basis: expect.stringMatching(/CO2 laser/) },
      { field: 'buildVolumeMm', basis: expect.stringMatching(/Trotec Speedy 300/) },
    ]);
    // Through our Open Know-Where export and back, inferred values stay inferred.
    const okw = toOkw(facility, machines);
    expect(okw.facility.equipment.find((e) => e.model === 'mk4')!.inferred).toEqual({
      materialsWorked: prusa.inferred!.materials,
      workingVolume: prusa.inferred!.buildVolumeMm,
    });
    const [back] = fromOkwJson(JSON.stringify([okw]));
    const again = await importOne(back!, remotePoint());
    const prusaAgain = again.machines.find((e) => e.model === 'mk4')!;
    expect(prusaAgain).toMatchObject({ buildVolumeMm: prusa.buildVolumeMm, materials: prusa.materials, inferred: prusa.inferred });
    // A process the table has no kind for is left as listed.
    expect(
      machines
        .filter((e) => !['THREE_D_PRINTING', 'LASER_CUTTING', 'VINYL_CUTTING', 'CNC_MILLING', 'PRECISION_MILLING'].includes(e.process))
        .every((e) => !e.inferred),
    ).toBe(true);
  });

  it('confirm keeps the value and drops the mark; correct replaces it; bad input and strangers change nothing', async () => {
    const { importer, facility, machines } = await importOne(harbourside(), remotePoint());
    const capability = app.get(EquipmentCapabilityService);
    const prusa = machines.find((e) => e.model === 'mk4')!;
    const confirmed = await capability.confirm(importer.viewer, prusa.id, ['buildVolumeMm']);
    expect(confirmed.buildVolumeMm).toEqual({ x: 250, y: 210, z: 220 });
    expect(confirmed.inferred).toEqual({ materials: expect.any(String) });
    const corrected = await capability.correct(importer.viewer, prusa.id, { materials: ['PLA', 'TPU'] });
    expect(corrected.materials).toEqual(['pla', 'tpu']);
    const stored = (await app.get(FacilitiesService).equipmentOf([facility.id])).find((e) => e.id === prusa.id)!;
    expect(stored).toMatchObject({ materials: ['pla', 'tpu'], buildVolumeMm: { x: 250, y: 210, z: 220 } });
    expect(stored.inferred).toBeUndefined();
    expect(toEquipmentModel(stored).inferred).toEqual([]);

    // Inferring again leaves what the co-op stated.
    expect(await capability.inferFacility(importer.viewer, facility.id)).toBe(0);

    const laser = machines.find((e) => e.model === 'speedy 300')!;
    await expect(capability.confirm(importer.viewer, laser.id, ['toleranceClass'])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(capability.confirm(importer.viewer, prusa.id, ['materials'])).rejects.toMatchObject({ reason: 'NOT_INFERRED' });
    await expect(capability.correct(importer.viewer, laser.id, { buildVolumeMm: { x: 0, y: 1, z: 1 } })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    const stranger = await newAccount(app);
    await expect(capability.confirm(stranger.viewer, laser.id, ['materials'])).rejects.toBeInstanceOf(ForbiddenError);
    const after = (await app.get(FacilitiesService).equipmentOf([facility.id])).find((e) => e.id === laser.id)!;
    expect(after).toEqual(laser);
  });

  it('infers on demand for a facility registered before the table, and matches say "inferred"', async () => {
    const { importer } = await importOne(harbourside(), remotePoint());
    const home = remotePoint();
    const organization = await newOrganization(app, importer.viewer);
    const facility = await app.get(FacilitiesService).register(importer.viewer, {
      organizationId: organization.id,
      name: 'Registered before inference',
      location: home,
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'laser', make: 'epilog laser', model: 'zing 6030' }],
    });
    const matching = app.get(MatchingService);
    const ask = {
      requirements: [{ process: 'laser', material: 'plywood', minBuildVolumeMm: { x: 500, y: 300, z: 4 }, label: 'panel' }],
      location: home,
      radiusKm: 5,
      quantity: 1,
    };
    expect((await matching.match(ask)).matches.map((m) => m.facility.id)).not.toContain(facility.id);

    expect(await app.get(EquipmentCapabilityService).inferFacility(importer.viewer, facility.id)).toBe(1);
    const found = (await matching.match(ask)).matches.find((m) => m.facility.id === facility.id)!;
    expect(found.reasons).toContain(
      '"panel" on epilog laser zing 6030: inferred, not yet confirmed by the co-op: plywood (CO2 laser cutter: plywood, MDF, acrylic, card, paper, leather, felt and thin wood (Epilog and Trotec material guides); no metal); a build volume of 610×305×6 mm (Epilog Zing 24: 610×305 mm, 30–60 W; bed from the manufacturer spec sheet; cut depth from the tube power)',
    );
  });
});

describeWithSharedData('the OHLOOM manifest against the real fab labs near Berlin', 'facilities-iopa-okw', (dir) => {
  const BERLIN = { lat: 52.52, lon: 13.405 };
  it('finds eligible labs within 300 km once capabilities are inferred, and none before', async () => {
    const manifest = join(SHARED_DATA, 'designs-okh', 'manifests', 'OPEN-NEXT+OKH-LOSH__sample_data_okh-OHLOOM.toml');
    const designer = await newAccount(app);
    const version = await app.get(DesignImportService).importOkh(designer.viewer, read(manifest), 'TOML');
    const parts = version.manifest.parts;
    expect(parts).toHaveLength(18);
    expect(parts.every((p) => p.outerDimensionsMm)).toBe(true);
    expect(parts.find((p) => p.name === 'CrossBeam')).toMatchObject({ outerDimensionsMm: { x: 572, y: 100, z: 20 }, toleranceClass: 'f' });
    expect(parts.find((p) => p.name === 'Clamp Ring')!.outerDimensionsMm).toEqual({ x: 56, y: 56, z: 30 });

    // The located labs of the directory within 300 km of Berlin, registered as listed (no inference).
    const labs = fablabs(dir, 'fablabs_active_2023.csv', 'fablabs_machines_2023.csv').filter(
      (l) => l.input.location && greatCircleKm(BERLIN, l.input.location) <= 300,
    );
    expect(labs.length).toBeGreaterThan(10);
    const admin = await newAccount(app);
    const organization = await newOrganization(app, admin.viewer);
    const ids = new Map<string, string>();
    for (const lab of labs) {
      const f = await app.get(FacilitiesService).register(admin.viewer, { ...lab.input, organizationId: organization.id });
      ids.set(f.id, lab.input.name);
    }
    const matching = app.get(MatchingService);
    const ask = { designVersionCid: version.cid, location: BERLIN, radiusKm: 300, quantity: 1, first: 100 };
    const ours = async () => (await matching.match(ask)).matches.filter((m) => ids.has(m.facility.id));
    expect(await ours()).toEqual([]);

    const capability = app.get(EquipmentCapabilityService);
    for (const id of ids.keys()) await capability.inferFacility(admin.viewer, id);
    const eligible = await ours();
    expect(eligible.map((m) => m.facility.name)).toContain('Fab Lab Fabulous St. Pauli');
    const reasons = eligible[0]!.reasons.join('\n');
    expect(reasons).toMatch(/"Clamp Ring" on ultimaker ultimaker 2: inferred, not yet confirmed by the co-op: abs \(Ultimaker 2\(\+\)/);
    expect(reasons).toMatch(/"CrossBeam" on .*not known, check: .*the tolerance it holds \(needs ISO 2768 f\)/);
  });
});
