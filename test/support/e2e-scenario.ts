import { PASSWORD, eastOf, remotePoint, uniqueEmail } from './factories.js';
import type { startPlatform } from './http.js';

// Over-HTTP scenarios shared by the end-to-end tests: people, makerspaces, uploads, a design.
export type Platform = Awaited<ReturnType<typeof startPlatform>>;

export async function signUp(platform: Platform, label: string) {
  const reg = await platform.gql('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: uniqueEmail(label.replace(/\W+/g, '-').toLowerCase()), password: PASSWORD, name: label },
  });
  if (!reg.data) throw new Error(JSON.stringify(reg.errors));
  return reg.data.register.token as string;
}

export async function makerspace(platform: Platform, at: { lat: number; lon: number }, name: string) {
  const token = await signUp(platform, name);
  const org = await platform.gql(
    'mutation($n: String!) { createOrganization(input: { name: $n, kind: COOPERATIVE }) { id } }',
    { n: `${name} co-op` },
    token,
  );
  const f = await platform.gql(
    'mutation($input: RegisterFacilityInput!) { registerFacility(input: $input) { id } }',
    {
      input: {
        organizationId: org.data!.createOrganization.id,
        name,
        location: at,
        capacityHoursPerWeek: 40,
        equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 1000, y: 600, z: 30 } }],
      },
    },
    token,
  );
  return { token, facilityId: f.data!.registerFacility.id as string };
}

// With a job: QC evidence for it, uploaded by a member of the facility holding it.
export async function upload(platform: Platform, token: string, files: Record<string, string>, jobId?: string) {
  const body = new FormData();
  for (const [name, content] of Object.entries(files)) body.append('file', new Blob([content]), name);
  const url = `${platform.baseUrl}/api/uploads${jobId ? `?jobId=${jobId}` : ''}`;
  const res = await fetch(url, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { cid: string; files: Array<{ path: string; cid: string }> };
}

export async function scenario(platform: Platform) {
  const home = remotePoint();
  const a = await makerspace(platform, eastOf(home, 4), 'Near Lab');
  const b = await makerspace(platform, eastOf(home, 12), 'Far Lab');
  const designer = await signUp(platform, 'designer');
  const files = await upload(platform, designer, { 'cut/panel.svg': '<svg/>' });
  const published = await platform.gql(
    'mutation($input: PublishDesignVersionInput!) { publishDesignVersion(input: $input) { cid } }',
    {
      input: {
        title: 'Seed Drawer',
        rootCid: files.cid,
        license: { hardware: 'CERN-OHL-S-2.0' },
        parts: [{ id: 'panel', name: 'panel', process: 'LASER_CUTTING', material: 'plywood', outerDimensionsMm: { x: 800, y: 500, z: 6 } }],
      },
    },
    designer,
  );
  const requester = await signUp(platform, 'requester');
  return { home, a, b, designer, requester, cid: published.data!.publishDesignVersion.cid as string };
}

export const REQUEST = `mutation($input: RequestProductionInput!) {
  requestProduction(input: $input) {
    id status split budget { amountMinor currency }
    matches { facility { id name verificationLevel } distanceKm score reasons }
    jobs { id status lineKey }
  }
}`;
export const CLAIM =
  'mutation($r: ID!, $f: ID!) { claimProductionRequest(requestId: $r, facilityId: $f) { id status claimExpiresAt facility { name } } }';
export const ADVANCE =
  'mutation($j: ID!, $to: JobStatus!, $e: [String!]) { advanceJob(jobId: $j, to: $to, evidenceCids: $e) { status evidenceCids } }';
