import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import type { PublishInput } from '../../api/src/designs/publish-input.js';
import { AccountsService } from '../../api/src/identity/accounts.service.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import type { OrganizationKind } from '../../api/src/identity/identity.types.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { JobEvidenceService } from '../../api/src/production/job-evidence.service.js';

export const PASSWORD = 'violet lantern over quiet harbour';

export function uniqueEmail(label = 'person'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.org`;
}

// Rows are made through the services, so every factory row is one a user could make.
export async function newAccount(app: INestApplicationContext, overrides: { email?: string; name?: string } = {}) {
  const result = await app.get(AccountsService).register({
    email: overrides.email ?? uniqueEmail(),
    password: PASSWORD,
    name: overrides.name ?? 'Test Person',
  });
  return { ...result.account, token: result.token, viewer: { accountId: result.account.id } };
}

export async function newOrganization(
  app: INestApplicationContext,
  admin: { accountId: string },
  overrides: { name?: string; kind?: OrganizationKind } = {},
) {
  return app.get(OrganizationsService).create(admin, { name: overrides.name ?? 'Test Co-op', kind: overrides.kind ?? 'COOPERATIVE' });
}

// Files really imported into the blockstore, as an upload would.
export async function newUpload(app: INestApplicationContext, files: Record<string, string> = { 'README.md': `design ${randomUUID()}` }) {
  const encoder = new TextEncoder();
  const { root, files: imported } = await app
    .get(ContentService)
    .importTree(Object.entries(files).map(([path, text]) => ({ path, content: encoder.encode(text) })));
  return { rootCid: root.toString(), files: imported.map((f) => ({ path: f.path, cid: f.cid.toString() })) };
}

// QC evidence uploaded for a job as the uploads endpoint does it (POST /api/uploads?jobId=): the
// uploader checked first, the files stored, then recorded as uploaded for the job.
export async function newEvidence(
  app: INestApplicationContext,
  viewer: { accountId: string },
  jobId: string,
  files: Record<string, string> = { 'qc.txt': `within tolerance ${randomUUID()}` },
) {
  const evidence = app.get(JobEvidenceService);
  const uploader = await evidence.uploader(viewer, jobId);
  const upload = await newUpload(app, files);
  await evidence.recordUpload(uploader, [upload.rootCid, ...upload.files.map((f) => f.cid)]);
  return upload;
}

export async function newDesignVersion(app: INestApplicationContext, viewer: { accountId: string }, overrides: Partial<PublishInput> = {}) {
  const upload = overrides.rootCid || overrides.files ? {} : { rootCid: (await newUpload(app)).rootCid };
  return app.get(DesignsService).publish(viewer, {
    title: 'Open Bracket',
    license: { hardware: 'CERN-OHL-S-2.0', documentation: 'CC-BY-SA-4.0' },
    ...upload,
    ...overrides,
  });
}

// A point in the open Pacific, far from every imported lab and from other tests' points.
export function remotePoint(): { lat: number; lon: number } {
  return { lat: -30 + Math.random() * 60, lon: -170 + Math.random() * 40 };
}

// A point `km` kilometres east of `p` (along its parallel).
export function eastOf(p: { lat: number; lon: number }, km: number): { lat: number; lon: number } {
  const lon = p.lon + km / (111.32 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: p.lat, lon: ((lon + 540) % 360) - 180 };
}

// Volume factory: `count` accepted jobs of one design version at one facility, inserted as rows in
// one statement each (for tests that need thousands; the lifecycle itself is tested elsewhere).
export async function acceptedJobsInBulk(
  db: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  o: { count: number; requesterAccountId: string; designVersionId: string; facilityId: string; claimedBy: string },
): Promise<string[]> {
  const rows = (await db.query(
    `WITH r AS (
       INSERT INTO production_requests (id, requester_account_id, design_version_id, quantity, lat, lon, radius_km, due_date)
       SELECT gen_random_uuid(), $1, $2, 1, 0, 0, 10, now() + interval '7 days' FROM generate_series(1, $3)
       RETURNING id)
     INSERT INTO production_jobs (id, request_id, line_key, role, label, quantity, estimated_hours, status, facility_id, claimed_by, claimed_at, claim_seq)
     SELECT gen_random_uuid(), r.id, 'whole', 'WHOLE', 'whole design', 1, 1, 'ACCEPTED', $4, $5, now(), 1 FROM r
     RETURNING id`,
    [o.requesterAccountId, o.designVersionId, o.count, o.facilityId, o.claimedBy],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

// Volume factory: `count` designs, one version each, inserted as rows in one statement (for tests
// that need more than a thousand; publishing is tested elsewhere). Titles are `${title} ${n}`, n
// from 1 in insertion order; designs from n = allowedFrom on are ALLOWED, the others SHARE_ALIKE.
export async function designsInBulk(
  db: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  o: { count: number; title: string; accountId: string; organizationId?: string; allowedFrom?: number },
): Promise<void> {
  await db.query(
    `WITH src AS (
       SELECT g, gen_random_uuid() AS design_id, gen_random_uuid() AS version_id, $2 || ' ' || g AS title,
              CASE WHEN g >= $5 THEN 'ALLOWED' ELSE 'SHARE_ALIKE' END AS class
       FROM generate_series(1, $1::int) AS g
     ), d AS (
       INSERT INTO designs (id, owner_account_id, owner_organization_id, title, created_by, latest_version_id)
       SELECT design_id, CASE WHEN $4::uuid IS NULL THEN $3::uuid END, $4::uuid, title, $3, version_id FROM src
     )
     INSERT INTO design_versions (id, design_id, cid, root_cid, title, licence_hardware, licence_class, manifest, published_by)
     SELECT version_id, design_id, 'bulk-' || version_id, 'bulk-root', title, 'CERN-OHL-S-2.0', class, '{}'::jsonb, $3 FROM src`,
    [o.count, o.title, o.accountId, o.organizationId ?? null, o.allowedFrom ?? o.count + 1],
  );
}
