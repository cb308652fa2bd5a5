import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FacilityImportService } from '../../api/src/facilities/facility-import.service.js';
import { fromFablabsCsv, fromNestaCsv, fromOkwJson, type DirectoryFacility } from '../../api/src/facilities/import/directories.js';
import { createDomainContext } from '../support/context.js';
import { describeWithSharedData, FIXTURES, SHARED_DATA } from '../support/datasets.js';
import { newAccount } from '../support/factories.js';

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

// Imports `sample`, then imports it again with another capacity: every facility is updated, none
// is added, and the located ones are found where they are.
async function importTwice(sample: DirectoryFacility[]) {
  const importer = await newAccount(app);
  const db = app.get(Database);
  const imports = app.get(FacilityImportService);
  const count = async () =>
    (await db.query(`SELECT (SELECT count(*) FROM facilities)::int AS f, (SELECT count(*) FROM organizations)::int AS o`))[0];
  const results = [];
  for (const r of sample) results.push(await imports.upsert(importer.viewer, r));
  expect(results.every((r) => r === 'created')).toBe(true);
  const after = await count();
  const again = [];
  for (const r of sample) again.push(await imports.upsert(importer.viewer, { ...r, input: { ...r.input, capacityHoursPerWeek: 55 } }));
  expect(again.every((r) => r === 'updated')).toBe(true);
  expect(await count()).toEqual(after);
  const [row] = await db.query(`SELECT capacity_hours_per_week::int AS c FROM facilities WHERE source_id = $1`, [sample[0]!.sourceId]);
  expect(row.c).toBe(55);

  const located = sample.find((r) => r.input.location)!;
  const near = await app.get(FacilitiesService).near({ lat: located.input.location!.lat, lon: located.input.location!.lon, radiusKm: 1 });
  expect(near.map((n) => n.facility.name)).toContain(located.input.name);
}

describe('makerspace directories as facilities (fixtures: a small directory written in the three formats)', () => {
  const DIR = join(FIXTURES, 'facilities');

  it('reads the three directories with their capabilities, machines and missing coordinates', () => {
    const fablabs = fromFablabsCsv(read(DIR, 'fablabs_labs.csv'), read(DIR, 'fablabs_machines.csv'));
    expect(fablabs).toHaveLength(8);
    expect(fablabs.filter((f) => !f.input.location).map((f) => f.input.name)).toEqual([
      'Taller Abierto Sur',
      'Northfield Community Workshop',
    ]);
    expect(fablabs.filter((f) => !f.input.location).every((f) => f.problems.includes('no coordinates'))).toBe(true);
    const harbour = fablabs.find((f) => f.input.name === 'Harbourside Fab Lab')!;
    expect(harbour.sourceId).toBe('fablabs.io:9001');
    expect(harbour.input.location).toEqual({
      lat: 50.3712,
      lon: -4.1423,
      address: '12, Quay Street, Unit 4',
      city: 'Porthaven',
      country: 'GB',
    });
    // Its capabilities, and its machines (one listed under the lab's name spelled differently; the scanner has no process).
    expect(harbour.input.equipment).toEqual([
      { process: 'three_d_printing' },
      { process: 'laser' },
      { process: 'vinyl_cutting' },
      { process: 'THREE_D_PRINTING', make: 'prusa', model: 'mk4' },
      { process: 'LASER_CUTTING', make: 'trotec', model: 'speedy 300' },
      { process: 'VINYL_CUTTING', make: 'roland', model: 'gs-24' },
    ]);
    expect(fablabs.find((f) => f.input.name === 'Fab Lab Vila Nova')!.input.description).toBe(
      'Inside the old textile mill.\nRing the bell at the blue door.',
    );
    expect(fablabs.find((f) => f.input.name === 'Atelier des Quais')!.input.equipment).toEqual([]);

    const okw = fromOkwJson(read(DIR, 'okw_facilities.json'));
    expect(okw.map((f) => [f.sourceId, f.input.name, f.input.location ? [f.input.location.lat, f.input.location.lon] : null])).toEqual([
      ['okw:00000000-0000-4000-8000-000000000001', 'Harbourside Fab Lab', [50.3712, -4.1423]],
      ['okw:00000000-0000-4000-8000-000000000002', 'Fab Lab Vila Nova', [41.1332, -8.6174]],
      ['okw:00000000-0000-4000-8000-000000000003', 'Taller Abierto Sur', null],
      ['okw:00000000-0000-4000-8000-000000000004', 'Fab Lab Kijiji', [-4.0435, 39.6682]],
    ]);
    expect(okw[2]!.problems).toEqual(['no coordinates']);

    const nesta = fromNestaCsv(read(DIR, 'nesta_makerspaces.csv'));
    expect(nesta.map((f) => [f.input.name, f.input.facilityStatus, f.input.equipment!.map((e) => e.process)])).toEqual([
      ['Riverside Makers', 'ACTIVE', ['THREE_D_PRINTING', 'LASER_CUTTING', 'WOODWORKING', 'SEWING', 'PCB_ASSEMBLY']],
      ['The Shed Hackspace', 'ACTIVE', ['CNC_MILLING', 'VINYL_CUTTING', 'MACHINING']],
      ['Closed Corner Workshop', 'CLOSED', ['WOODWORKING']],
    ]);
    expect(nesta.every((f) => !f.input.location && f.problems[0]!.includes('no coordinates'))).toBe(true);
  });

  it('imports once and updates on re-import, never duplicating facilities or organizations', async () => {
    await importTwice(fromFablabsCsv(read(DIR, 'fablabs_labs.csv'), read(DIR, 'fablabs_machines.csv')));
  });
});

describeWithSharedData('makerspace directories as facilities (the full public datasets)', 'facilities-iopa-okw', (dir) => {
  it('reads the three directories with their capabilities, machines and missing coordinates', () => {
    const fablabs = fromFablabsCsv(read(dir, 'fablabs_active_2023.csv'), read(dir, 'fablabs_machines_2023.csv'));
    expect(fablabs).toHaveLength(1291);
    expect(fablabs.filter((f) => !f.input.location)).toHaveLength(219);
    const hamamatsu = fablabs.find((f) => f.input.name === 'FABLAB Hamamatsu')!;
    expect(hamamatsu.input.location).toMatchObject({ lat: 34.7107782, lon: 137.7261082, country: 'JP' });
    expect(hamamatsu.input.equipment!.map((e) => e.process)).toEqual(
      expect.arrayContaining(['three_d_printing', 'circuit_production', 'laser', 'precision_milling', 'vinyl_cutting']),
    );
    expect(fablabs.some((f) => f.input.equipment!.some((e) => e.make))).toBe(true); // joined machines

    const okw = fromOkwJson(read(dir, 'okw_fablabs_2024.json'));
    expect(okw).toHaveLength(2237);
    expect(okw.filter((f) => !f.input.location)).toHaveLength(201);

    const nesta = fromNestaCsv(read(SHARED_DATA, 'makerspaces-uk-nesta', 'ukmakerspacesidentifiabledata.csv'));
    expect(nesta.length).toBeGreaterThan(90);
    expect(nesta.every((f) => !f.input.location && f.problems[0]!.includes('no coordinates'))).toBe(true);
  });

  it('imports once and updates on re-import, never duplicating facilities or organizations', async () => {
    await importTwice(fromFablabsCsv(read(dir, 'fablabs_active_2023.csv')).slice(0, 15));
  });
});
