import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization, remotePoint } from '../support/factories.js';

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
