import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FacilityImportService } from '../../api/src/facilities/facility-import.service.js';
import { fromFablabsCsv, fromNestaCsv, fromOkwJson } from '../../api/src/facilities/import/directories.js';
import { createDomainContext } from '../support/context.js';
import { newAccount } from '../support/factories.js';

const DATA = join(PROJECT_ROOT, '..', 'shared', 'data');
const read = (...p: string[]) => readFileSync(join(DATA, ...p), 'utf8');

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

describe('makerspace directories as facilities', () => {
  it('reads the three directories with their capabilities, machines and missing coordinates', () => {
    const fablabs = fromFablabsCsv(read('facilities-iopa-okw', 'fablabs_active_2023.csv'), read('facilities-iopa-okw', 'fablabs_machines_2023.csv'));
    expect(fablabs).toHaveLength(1291);
    expect(fablabs.filter((f) => !f.input.location)).toHaveLength(219);
    const hamamatsu = fablabs.find((f) => f.input.name === 'FABLAB Hamamatsu')!;
    expect(hamamatsu.input.location).toMatchObject({ lat: 34.7107782, lon: 137.7261082, country: 'JP' });
    expect(hamamatsu.input.equipment!.map((e) => e.process)).toEqual(
      expect.arrayContaining(['three_d_printing', 'circuit_production', 'laser', 'precision_milling', 'vinyl_cutting']),
    );
    expect(fablabs.some((f) => f.input.equipment!.some((e) => e.make))).toBe(true); // joined machines

    const okw = fromOkwJson(read('facilities-iopa-okw', 'okw_fablabs_2024.json'));
    expect(okw).toHaveLength(2237);
    expect(okw.filter((f) => !f.input.location)).toHaveLength(201);

    const nesta = fromNestaCsv(read('makerspaces-uk-nesta', 'ukmakerspacesidentifiabledata.csv'));
    expect(nesta.length).toBeGreaterThan(90);
    expect(nesta.every((f) => !f.input.location && f.problems[0]!.includes('no coordinates'))).toBe(true);
  });

  it('imports once and updates on re-import, never duplicating facilities or organizations', async () => {
    const importer = await newAccount(app);
    const db = app.get(DataSource);
    const imports = app.get(FacilityImportService);
    const sample = fromFablabsCsv(read('facilities-iopa-okw', 'fablabs_active_2023.csv')).slice(0, 15);
    const count = async () => (await db.query(`SELECT (SELECT count(*) FROM facilities)::int AS f, (SELECT count(*) FROM organizations)::int AS o`))[0];
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
  });
});
