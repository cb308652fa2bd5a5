import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { FacilityImportService } from '../../api/src/facilities/facility-import.service.js';
import type { FacilityInput } from '../../api/src/facilities/facility-input.js';
import { fromFablabsCsv, type DirectoryFacility } from '../../api/src/facilities/import/directories.js';
import { machineMeets } from '../../api/src/matching/capability.js';
import { MATCHING_CRITERIA } from '../../api/src/matching/criteria/index.js';
import { buildMatchQuery, capabilityClause } from '../../api/src/matching/match-query.js';
import { parseRequirements, type RequirementInput } from '../../api/src/matching/requirements.js';
import { scoreOf } from '../../api/src/matching/scoring.js';
import { createDomainContext } from '../support/context.js';
import { describeWithSharedData, FIXTURES } from '../support/datasets.js';
import { eastOf, newAccount, newOrganization, remotePoint } from '../support/factories.js';

// Every matching criterion is written twice, a JS rule and a SQL condition; so is the score.
// Here both forms run over the same machines and facilities in Postgres and must agree.

let app: INestApplicationContext;
let db: Database;
let facilityIds: string[];
const home = remotePoint();

type Kit = NonNullable<FacilityInput['equipment']>;

// Machines that differ in every way a criterion looks at: process, condition, materials, build
// volume (in several orientations, or none) and tolerance class (or none).
function variedMachines(): Kit {
  const processes = ['laser', 'CNC', '3DP'];
  const materials = [[], ['plywood'], ['plywood', 'acrylic'], ['pla']];
  const volumes = [null, { x: 600, y: 400, z: 20 }, { x: 20, y: 700, z: 400 }, { x: 250, y: 210, z: 210 }, { x: 300, y: 300, z: 5 }];
  const tolerances = [null, 'f', 'm', 'c', 'v'];
  const kit: Kit = [];
  for (let i = 0; i < 60; i++) {
    kit.push({
      process: processes[i % 3]!,
      materials: materials[Math.floor(i / 3) % 4]!,
      buildVolumeMm: volumes[(i * 7) % 5],
      toleranceClass: tolerances[(i * 3 + Math.floor(i / 5)) % 5],
      condition: i % 7 === 3 ? 'NEEDS_REPAIR' : 'GOOD',
    });
  }
  return kit;
}

// Directory labs as facilities, placed along a parallel east of `near` (their own coordinates
// are not what is compared here). Returns their ids.
async function importLabs(labs: DirectoryFacility[], near: { lat: number; lon: number }): Promise<string[]> {
  const importer = await newAccount(app);
  const tag = `:${randomUUID()}`;
  for (const [i, lab] of labs.entries()) {
    await app
      .get(FacilityImportService)
      .upsert(importer.viewer, { ...lab, sourceId: lab.sourceId + tag, input: { ...lab.input, location: eastOf(near, 2 + (i % 30)) } });
  }
  const [imported] = await db.query(`SELECT array_agg(id) AS ids FROM facilities WHERE source_id LIKE $1`, [`%${tag}`]);
  return imported.ids;
}

const readLabs = (dir: string, labs: string, machines: string) =>
  fromFablabsCsv(readFileSync(join(dir, labs), 'utf8'), readFileSync(join(dir, machines), 'utf8'));

beforeAll(async () => {
  app = await createDomainContext();
  db = app.get(Database);
  // The fixture fab lab directory (fablabs.io format) as facilities.
  const ids = await importLabs(readLabs(join(FIXTURES, 'facilities'), 'fablabs_labs.csv', 'fablabs_machines.csv'), home);
  // And workshops with the varied machines, ten each; one of them a co-op, several verified.
  const kit = variedMachines();
  for (let i = 0; i < kit.length / 10; i++) {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer, { kind: i === 2 ? 'COOPERATIVE' : 'MAKERSPACE' });
    const f = await app.get(FacilitiesService).register(admin.viewer, {
      organizationId: org.id,
      name: `Varied ${i}`,
      location: eastOf(home, 3 + 4 * i),
      capacityHoursPerWeek: 40,
      equipment: kit.slice(i * 10, i * 10 + 10),
    });
    ids.push(f.id);
  }
  const levels = ids.map((_, i) => ['SELF_ASSERTED', 'PEER_ATTESTED', 'VERIFIED'][i % 3]);
  await db.query(
    `UPDATE facilities f SET verification_level = v.level FROM unnest($1::uuid[], $2::text[]) AS v(id, level) WHERE f.id = v.id`,
    [ids, levels],
  );
  facilityIds = ids;
});
afterAll(() => app.close());

// Requirements that ask each criterion something, and nothing.
function requirementInputs(): RequirementInput[] {
  const out: RequirementInput[] = [];
  for (const process of ['laser', 'CNC', '3DP', 'VINYL_CUTTING'])
    for (const material of [null, 'plywood', 'acrylic', 'pla'])
      for (const minBuildVolumeMm of [
        null,
        { x: 550, y: 380, z: 6 },
        { x: 30, y: 30, z: 30 },
        { x: 10, y: 650, z: 390 },
        { x: 260, y: 200, z: 200 },
      ])
        for (const toleranceClass of [null, 'f', 'm', 'v']) out.push({ process, material, minBuildVolumeMm, toleranceClass });
  return out;
}

// Runs every applicable criterion's SQL condition and JS rule over the machines of `ids`, and the
// whole capability probe against machineMeets; returns how often each criterion was met and unmet.
async function expectCriteriaAgree(ids: string[], inputs: RequirementInput[]) {
  const machines = await app.get(FacilitiesService).equipmentOf(ids);
  const seen = new Map(MATCHING_CRITERIA.map((c) => [c.name, { met: 0, unmet: 0 }]));
  const inSql = async (conds: string[], params: unknown[]) =>
    (
      (await db.query(
        `SELECT e.id FROM facility_equipment e WHERE e.facility_id = ANY ($1::uuid[]) AND ${conds.join(' AND ')} ORDER BY e.id`,
        params,
      )) as Array<{ id: string }>
    ).map((r) => r.id);
  const param = (params: unknown[]) => (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const r of parseRequirements(inputs)) {
    for (const c of MATCHING_CRITERIA.filter((k) => k.applies(r))) {
      const params: unknown[] = [ids];
      const js = machines
        .filter((e) => c.meets(e, r))
        .map((e) => e.id)
        .sort();
      expect({ criterion: c.name, requirement: r, ids: await inSql(c.sql(r, param(params)), params) }).toEqual({
        criterion: c.name,
        requirement: r,
        ids: js,
      });
      seen.get(c.name)!.met += js.length;
      seen.get(c.name)!.unmet += machines.length - js.length;
    }
    // The whole capability: the facilities the query's probe keeps are those with a machine that meets it.
    const params: unknown[] = [ids];
    const probe = capabilityClause(r, params);
    const kept = (
      (await db.query(`SELECT f.id FROM facilities f WHERE f.id = ANY ($1::uuid[]) AND ${probe} ORDER BY f.id`, params)) as Array<{
        id: string;
      }>
    ).map((x) => x.id);
    expect(kept).toEqual([...new Set(machines.filter((e) => machineMeets(e, r)).map((e) => e.facilityId))].sort());
  }
  return { machines: machines.length, seen };
}

describe('matching criteria: the SQL condition and the JS rule agree', () => {
  it('on every machine of the fixture fab labs and of machines varied in every criterion', async () => {
    const { machines, seen } = await expectCriteriaAgree(facilityIds, requirementInputs());
    expect(machines).toBeGreaterThan(60);
    // Each criterion was seen both met and unmet, so each comparison could have failed.
    for (const [name, counts] of seen)
      expect({ name, met: counts.met > 0, unmet: counts.unmet > 0 }).toEqual({ name, met: true, unmet: true });
  });
});

describeWithSharedData('matching criteria over real fab labs (the fablabs.io directory)', 'facilities-iopa-okw', (dir) => {
  it('agree on the machines of forty labs', async () => {
    const labs = readLabs(dir, 'fablabs_active_2023.csv', 'fablabs_machines_2023.csv')
      .filter((l) => (l.input.equipment?.length ?? 0) >= 3)
      .slice(0, 40);
    const ids = await importLabs(labs, remotePoint());
    const processes = [...new Set(labs.flatMap((l) => l.input.equipment!.map((e) => e.process)))];
    const { machines, seen } = await expectCriteriaAgree(
      ids,
      processes.flatMap((process) => [
        { process },
        { process, material: 'plywood' },
        { process, minBuildVolumeMm: { x: 100, y: 100, z: 10 } },
        { process, toleranceClass: 'm' },
      ]),
    );
    expect(machines).toBeGreaterThan(100);
    // Real labs list processes only: each probe finds some machines of a process and not others.
    expect(seen.get('process')!.met).toBeGreaterThan(0);
    expect(seen.get('process')!.unmet).toBeGreaterThan(0);
  });
});

describe('the match score: the SQL expression and the JS function agree', () => {
  it('on every ranked facility, under several weightings', async () => {
    const weightings = [
      { distance: 0.4, load: 0.25, verification: 0.2, cooperative: 0.15, reliability: 0.2 },
      { distance: 1, load: 0, verification: 3, cooperative: 2, reliability: 0 },
      { distance: 0, load: 1, verification: 0, cooperative: 0, reliability: 0 },
      { distance: 0, load: 0, verification: 0, cooperative: 0, reliability: 1 },
    ];
    for (const weights of weightings) {
      const radiusKm = 40;
      const { text, params } = buildMatchQuery({ ...home, radiusKm, capabilities: [], weights, limit: 100, candidatePool: 100 });
      const rows: Array<Record<string, unknown>> = await db.query(text, params);
      const ours = rows.filter((r) => facilityIds.includes(r.id as string));
      expect(ours.length).toBeGreaterThan(5);
      expect(new Set(ours.map((r) => r.verification_level)).size).toBeGreaterThan(1);
      expect(ours.some((r) => r.cooperative)).toBe(true);
      for (const r of ours) {
        const js = scoreOf(
          {
            distanceKm: Number(r.km),
            radiusKm,
            load: Number(r.load),
            verificationLevel: r.verification_level as string,
            cooperative: r.cooperative as boolean,
            reliability: {
              sample: Number(r.rel_sample),
              onTime: Number(r.rel_on_time),
              resolved: Number(r.rel_resolved),
              firstDelivery: Number(r.rel_first_delivery),
            },
          },
          weights,
        );
        expect(Number(r.score)).toBeCloseTo(js, 12);
      }
    }
  });
});
