import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { createDomainContext } from '../support/context.js';
import { eastOf, newAccount, newOrganization, remotePoint } from '../support/factories.js';

const run = promisify(execFile);
let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

// The built CLI against this run's database, as an operator would run it.
function cosmolocal(...args: string[]) {
  return run(process.execPath, [join(PROJECT_ROOT, 'dist/cli/main.js'), ...args], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      REDIS_URL: process.env.TEST_REDIS_URL,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-cli-')),
      LOG_LEVEL: 'error',
    },
  });
}

it('sets a verification level and exports every facility as Open Know-Where JSON', async () => {
  const admin = await newAccount(app);
  const org = await newOrganization(app, admin.viewer, { kind: 'COOPERATIVE' });
  const f = await app.get(FacilitiesService).register(admin.viewer, {
    organizationId: org.id,
    name: 'Harbour Fab',
    location: remotePoint(),
    capacityHoursPerWeek: 20,
    equipment: [{ process: 'laser' }],
  });

  const verified = await cosmolocal('facilities', 'verify', f.id, '--reason', 'site visit on 2026-11-20');
  expect(verified.stdout).toBe(`Harbour Fab (${f.id}) is now VERIFIED\n`);
  const again = await cosmolocal('facilities', 'verify', f.id, '--reason', 'site visit').catch((e: { code: number; stderr: string }) => e);
  expect(again).toMatchObject({ code: 1, stderr: 'cosmolocal: The facility is already VERIFIED.\n' });

  const out = join(mkdtempSync(join(tmpdir(), 'okw-')), 'facilities.json');
  const count = async () => (await app.get(FacilitiesService).page(null, 1_000_000)).length;
  const before = await count();
  await cosmolocal('export', 'facilities', '--out', out);
  const after = await count(); // other tests may add facilities meanwhile
  const records = JSON.parse(readFileSync(out, 'utf8')) as Array<{
    facility: { facility_id: string; verificationLevel: string; equipment: Array<{ process: string }> };
  }>;
  const mine = records.find((r) => r.facility.facility_id === f.id)!;
  expect(mine.facility).toMatchObject({ verificationLevel: 'VERIFIED', equipment: [{ process: 'LASER_CUTTING' }] });
  expect(records.length).toBeGreaterThanOrEqual(before);
  expect(records.length).toBeLessThanOrEqual(after);
});

it('imports a directory, reports what a re-import kept of a co-op’s edits and lists the pairs left for review', async () => {
  const admin = await newAccount(app);
  const dir = mkdtempSync(join(tmpdir(), 'okw-import-'));
  const at = remotePoint();
  const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const lab = (facilityId: string, name: string, lon: number) => ({
    facility: { name, facility_id: facilityId, url: 'https://www.fablabs.io/labs/x' },
    region: { country: 'NZ', city_town: 'Porthaven' },
    geocoding: { latitude: at.lat, longitude: lon },
  });
  const file = join(dir, 'okw.json');
  writeFileSync(file, JSON.stringify([lab(`a-${id}`, `Quay Fab Lab ${id}`, at.lon)]));
  const first = await cosmolocal('import', 'facilities', file, '--account', admin.email);
  expect(first.stdout).toMatch(/^1 created, 0 updated/);

  const [row] = await app.get(Database).query(`SELECT facility_id FROM facility_sources WHERE source_id = $1`, [`okw:a-${id}`]);
  await app.get(FacilitiesService).update(admin.viewer, row.facility_id, { name: `Quay Fab Lab ${id}`, capacityHoursPerWeek: 12 });
  // The re-import brings a lab of much the same name 3 km east: the same directory lists both, so two workshops.
  writeFileSync(
    file,
    JSON.stringify([lab(`a-${id}`, `Quay Fab Lab ${id}`, at.lon), lab(`b-${id}`, `Quay Fab Lab ${id} Annex`, eastOf(at, 3).lon)]),
  );
  const again = await cosmolocal('import', 'facilities', file, '--account', admin.email);
  expect(again.stdout).toMatch(/^1 created, 1 updated, 0 merged into a facility of another directory, 0 flagged/);
  expect(again.stdout).toContain(`okw:a-${id} Quay Fab Lab ${id}: capacityHoursPerWeek: directory 40, kept 12`);

  // Another directory's record of much the same name 2 km west: imported, and flagged against both.
  const csv = join(dir, 'labs.csv');
  writeFileSync(
    csv,
    `source_row,name,address_1,address_2,city,county,postal_code,country_code,latitude,longitude,address_notes,capabilities,activity_status,links\n` +
      `x${id},Quay Fab Lab ${id} East,,,Porthaven,,,NZ,${at.lat},${eastOf(at, -2).lon},,"['laser']",active,\n`,
  );
  const flagged = await cosmolocal('import', 'facilities', csv, '--account', admin.email);
  expect(flagged.stdout).toMatch(/^0 created, 0 updated, 0 merged into a facility of another directory, 1 flagged/);
  const listed = await cosmolocal('facilities', 'duplicates', '--first', '100000');
  expect(listed.stdout).toContain(`Quay Fab Lab ${id} East (`);
});
