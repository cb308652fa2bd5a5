import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { encodeCursor } from '../../api/src/common/graphql/connection.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FacilityImportService } from '../../api/src/facilities/facility-import.service.js';
import { greatCircleKm } from '../../api/src/facilities/geo.js';
import { fromFablabsCsv, fromOkwJson, type DirectoryFacility } from '../../api/src/facilities/import/directories.js';
import { createDomainContext } from '../support/context.js';
import { testConfig } from '../support/config.js';
import { describeWithSharedData } from '../support/datasets.js';
import { eastOf, newAccount, remotePoint } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

const tag = () => Math.random().toString(36).slice(2, 10);

function record(
  sourceId: string,
  name: string,
  at: { lat: number; lon: number },
  extra: Partial<DirectoryFacility['input']> = {},
): DirectoryFacility {
  return {
    sourceId,
    problems: [],
    input: {
      name,
      description: 'A community workshop.',
      location: { ...at, city: 'Porthaven', country: 'NZ' },
      accessType: 'PUBLIC',
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'laser' }],
      ...extra,
    },
  };
}

describe('re-importing a directory', () => {
  it('keeps what the co-op edited, reports the conflicts and updates the rest', async () => {
    const importer = await newAccount(app);
    const imports = app.get(FacilityImportService);
    const facilities = app.get(FacilitiesService);
    const at = remotePoint();
    const first = record(`fablabs.io:${tag()}`, `Kiln Street Fab Lab ${tag()}`, at);
    const created = await imports.importRecord(importer.viewer, first);
    expect(created).toMatchObject({ outcome: 'created', conflicts: [] });

    // The co-op (its admin) edits capacity, the exact location, the opt-in and the machines; the rest is as imported.
    const edited = eastOf(at, 0.2);
    await facilities.update(importer.viewer, created.facilityId, {
      name: first.input.name,
      capacityHoursPerWeek: 12,
      location: { ...edited, address: '3 Kiln Street', city: 'Porthaven', country: 'NZ' },
      locationPublic: true,
      equipment: [{ process: 'laser', materials: ['plywood', 'acrylic'], buildVolumeMm: { x: 600, y: 400, z: 30 } }],
    });

    // The directory changes capacity, location, machines and description, and keeps its name.
    const changed = record(first.sourceId, first.input.name, eastOf(at, 1), {
      description: 'A community workshop by the harbour.',
      capacityHoursPerWeek: 55,
      equipment: [{ process: 'laser' }, { process: '3DP' }],
    });
    const again = await imports.importRecord(importer.viewer, changed);
    expect(again.outcome).toBe('updated');
    expect(again.conflicts.map((c) => c.field).sort()).toEqual(['capacityHoursPerWeek', 'equipment', 'location', 'locationPublic']);
    expect(again.conflicts.find((c) => c.field === 'capacityHoursPerWeek')).toEqual({
      field: 'capacityHoursPerWeek',
      directoryValue: '55',
      keptValue: '12',
    });
    expect(JSON.parse(again.conflicts.find((c) => c.field === 'location')!.keptValue)).toMatchObject({
      ...edited,
      address: '3 Kiln Street',
    });

    const after = await facilities.get(created.facilityId);
    expect(after).toMatchObject({
      capacityHoursPerWeek: 12,
      location: edited,
      address: '3 Kiln Street',
      locationPublic: true,
      description: 'A community workshop by the harbour.', // not edited: the directory's new value
    });
    const kit = await facilities.equipmentOf([created.facilityId]);
    expect(kit.map((e) => [e.process, e.materials, e.buildVolumeMm])).toEqual([
      ['LASER_CUTTING', ['plywood', 'acrylic'], { x: 600, y: 400, z: 30 }],
    ]);

    // An edit that agrees with the directory is no conflict; unedited fields keep following it.
    const same = await imports.importRecord(importer.viewer, {
      ...changed,
      input: { ...changed.input, capacityHoursPerWeek: 12, name: `${first.input.name} (new name)` },
    });
    expect(same.conflicts.map((c) => c.field)).not.toContain('capacityHoursPerWeek');
    expect((await facilities.get(created.facilityId)).name).toBe(`${first.input.name} (new name)`);
  });
});

describe('duplicates across directories', () => {
  it('merges the same workshop into one facility with both source ids, flags the unsure and leaves the distinct', async () => {
    const importer = await newAccount(app);
    const imports = app.get(FacilityImportService);
    const db = app.get(Database);
    const at = remotePoint();
    const name = `Fab Lab Aroha ${tag()}`;
    const fablabs = record(`fablabs.io:${tag()}`, name, at);
    const first = await imports.importRecord(importer.viewer, fablabs);
    expect(first.outcome).toBe('created');

    // Much the same name 3 km away: imported, and the pair left for an operator.
    const unsure = await imports.importRecord(importer.viewer, record(`okw:${tag()}`, `${name} Annex`, eastOf(at, 3)));
    expect(unsure.outcome).toBe('flagged');
    const [review] = await db.query(`SELECT candidate_id, status, distance_km FROM facility_duplicate_reviews WHERE facility_id = $1`, [
      unsure.facilityId,
    ]);
    expect(review).toMatchObject({ candidate_id: first.facilityId, status: 'OPEN' });
    expect(review.distance_km).toBeCloseTo(3, 1);

    // The same lab in the other directory, spelled differently and geocoded 150 m away.
    const okw = record(`okw:${tag()}`, name.replace('Fab Lab', 'FabLab'), eastOf(at, 0.15));
    const merged = await imports.importRecord(importer.viewer, okw);
    expect(merged).toMatchObject({ outcome: 'merged', facilityId: first.facilityId });
    expect(merged.duplicates[0]!.distanceKm).toBeCloseTo(0.15, 2);
    const sources = await db.query(`SELECT source_id FROM facility_sources WHERE facility_id = $1 ORDER BY source_id`, [first.facilityId]);
    expect(sources.map((s: { source_id: string }) => s.source_id)).toEqual([fablabs.sourceId, okw.sourceId].sort());
    // Re-importing the merged record changes nothing and creates nothing.
    expect((await imports.importRecord(importer.viewer, { ...okw, input: { ...okw.input, capacityHoursPerWeek: 99 } })).outcome).toBe(
      'merged',
    );
    expect((await app.get(FacilitiesService).get(first.facilityId)).capacityHoursPerWeek).toBe(40);

    // Another name next door, and the same name in the same directory: distinct workshops.
    expect(
      (await imports.importRecord(importer.viewer, record(`okw:${tag()}`, `Riverside Hackspace ${tag()}`, eastOf(at, 0.05)))).outcome,
    ).toBe('created');
    expect((await imports.importRecord(importer.viewer, record(`fablabs.io:${tag()}`, name, eastOf(at, 0.01)))).outcome).not.toBe('merged');
  });
});

describeWithSharedData('directory hygiene on the real fablabs.io and IoPA Open Know-Where files', 'facilities-iopa-okw', (dir) => {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const PARIS = { lat: 48.8566, lon: 2.3522 };
  // A database of its own: the two directories' labs would otherwise be merge candidates for other
  // tests' imports running beside this one (and theirs for these), and the figures would drift.
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let own: INestApplicationContext;
  beforeAll(async () => {
    scratch = await scratchDatabase({ migrate: true, label: 'directories' });
    own = await createDomainContext(testConfig({ DATABASE_URL: scratch.url }));
  });
  afterAll(async () => {
    await own.close();
    await scratch.drop();
  });

  it('pages through every lab within 2,000 km of Paris, and merges or flags the labs both directories list', async () => {
    const importer = await newAccount(own);
    const imports = own.get(FacilityImportService);
    const facilities = own.get(FacilitiesService);
    const fablabs = fromFablabsCsv(read('fablabs_active_2023.csv'));
    const ids = new Map<string, DirectoryFacility>();
    for (const r of fablabs) ids.set((await imports.importRecord(importer.viewer, r)).facilityId, r);

    // Page by page, 50 at a time, nearest first: each lab once, none left out.
    const seen: string[] = [];
    let last = 0;
    let after: string | null = null;
    for (;;) {
      const page = await facilities.nearPage({ ...PARIS, radiusKm: 2000, first: 50, after }, importer.viewer);
      for (const item of page.items) {
        expect(item.distanceKm).toBeGreaterThanOrEqual(last);
        // SQL's distance (scaled earthdistance) is the mean-sphere haversine, to the 10 m shown.
        expect(Math.abs(item.distanceKm - greatCircleKm(PARIS, item.facility.location!))).toBeLessThan(0.006);
        last = item.distanceKm;
        seen.push(item.facility.id);
      }
      if (!page.hasNextPage) break;
      after = encodeCursor(seen.at(-1)!);
    }
    expect(new Set(seen).size).toBe(seen.length);
    const reference = [...ids].filter(([, r]) => r.input.location && greatCircleKm(PARIS, r.input.location) <= 2000).map(([id]) => id);
    expect(reference).toHaveLength(441);
    expect(seen.sort()).toEqual(reference.sort());

    const outcomes = { created: 0, updated: 0, merged: 0, flagged: 0 };
    for (const r of fromOkwJson(read('okw_fablabs_2024.json'))) outcomes[(await imports.importRecord(importer.viewer, r)).outcome]++;
    // The figures of docs/matching.md ("Directories"): 1,044 merged, 195 flagged, 998 imported as they are.
    expect(outcomes).toEqual({ created: 998, updated: 0, merged: 1044, flagged: 195 });
  }, 600_000);
});
