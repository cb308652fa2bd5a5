// A catalogue of `n` designs for the catalogue benchmarks (bench:web-catalogue, bench:api): one
// account registered through the platform's API, then one version per design, a minute apart,
// inserted straight into the scratch database in one statement (publishing 10,000 designs through
// the API would measure the publish path, not the catalogue). Titles and descriptions come from the
// OSHWA projects in ../shared/data when they are there, synthetic ones otherwise.
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { gql } from '../../scripts/lib/platform-process.mjs';

const OSHWA = new URL('../../../shared/data/oshwa-certified/oshwa_projects_2025-07.json', import.meta.url);

export function catalogueProjects() {
  return existsSync(OSHWA)
    ? JSON.parse(readFileSync(OSHWA, 'utf8'))
    : Array.from({ length: 500 }, (_, i) => ({
        projectName: `Synthetic design ${i}`,
        projectDescription: `A synthetic design, number ${i}.`,
      }));
}

export async function fillCatalogue(baseUrl, databaseUrl, n, projects = catalogueProjects()) {
  const reg = await gql(baseUrl, 'mutation($i: RegisterInput!) { register(input: $i) { account { id } } }', {
    i: { email: 'bench@example.org', password: 'benchmarks all the way down', name: 'Bench' },
  });
  const accountId = reg.data.register.account.id;
  const db = new pg.Client({ connectionString: databaseUrl });
  db.on('error', () => undefined);
  await db.connect();
  try {
    await db.query(
      `WITH src AS (
         SELECT g, gen_random_uuid() AS design_id, gen_random_uuid() AS version_id,
                t.title || CASE WHEN g >= $3 THEN ' edition ' || (g / $3) ELSE '' END AS title, t.description
         FROM generate_series(0, $1::int - 1) AS g
         JOIN unnest($2::text[], $4::text[]) WITH ORDINALITY AS t(title, description, n) ON t.n = 1 + g % $3
       ), d AS (
         INSERT INTO designs (id, owner_account_id, title, created_by, created_at, latest_version_id)
         SELECT design_id, $5, title, $5, now() - (g || ' minutes')::interval, version_id FROM src
       )
       INSERT INTO design_versions (id, design_id, cid, root_cid, title, licence_hardware, licence_class, manifest, published_by, published_at, processes)
       SELECT version_id, design_id, 'bench-' || g, 'bench-root', title, 'CERN-OHL-S-2.0', (ARRAY['ALLOWED','ATTRIBUTION_REQUIRED','SHARE_ALIKE','NON_COMMERCIAL_ONLY'])[1 + g % 4],
              jsonb_build_object('function', description, 'files', '[]'::jsonb, 'bom', '[]'::jsonb,
                                 'parts', jsonb_build_array(jsonb_build_object('id', 'p1', 'name', 'panel', 'process', 'LASER_CUTTING', 'material', 'plywood'))),
              $5, now() - (g || ' minutes')::interval, ARRAY['LASER_CUTTING']
       FROM src`,
      [n, projects.map((p) => p.projectName), projects.length, projects.map((p) => (p.projectDescription ?? '').slice(0, 500)), accountId],
    );
    await db.query('ANALYZE designs; ANALYZE design_versions');
  } finally {
    await db.end();
  }
  return accountId;
}
