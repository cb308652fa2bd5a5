import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z as Zod } from 'zod';
import { PROJECT_ROOT } from '../common/paths.js';
import { withZod } from '../common/zod-once.js';
import type { FacilityInput } from '../facilities/facility-input.js';

// The demo world shipped in demo/: who exists, what they run and publish, and one request.
// Only its shape is checked here; the services check its values as they would a user's.

export const DEMO_DIR = join(PROJECT_ROOT, 'demo');

// The world's shape, built from the zod withZod lends for the one check.
function worldSchema(z: typeof Zod) {
  const key = z.string().regex(/^[a-z0-9-]+$/);
  const point = { lat: z.number(), lon: z.number(), address: z.string().optional() };
  const volume = z.object({ x: z.number(), y: z.number(), z: z.number() });

  return z.object({
    password: z.string(),
    accounts: z.array(z.object({ key, email: z.string(), name: z.string(), about: z.string() })).min(1),
    organizations: z.array(
      z.object({
        key,
        name: z.string(),
        kind: z.string(),
        admin: key,
        members: z.array(z.object({ account: key, role: z.string() })),
      }),
    ),
    facilities: z.array(
      z.object({
        organization: key,
        name: z.string(),
        description: z.string().optional(),
        location: z.object({ ...point, city: z.string().optional(), country: z.string().optional() }),
        accessType: z.string().optional(),
        openingHours: z.string().optional(),
        capacityHoursPerWeek: z.number(),
        equipment: z.array(
          z.object({
            process: z.string(),
            make: z.string().optional(),
            model: z.string().optional(),
            quantity: z.number().optional(),
            buildVolumeMm: volume.optional(),
            materials: z.array(z.string()).optional(),
            toleranceClass: z.string().optional(),
          }),
        ),
      }),
    ),
    designs: z.array(
      z.object({
        key,
        folder: z.string(),
        publisher: key,
        organization: key.optional(),
        documentationLicence: z.string().optional(),
        derivativeOf: z.array(z.object({ design: key, shareBps: z.number() })).optional(),
      }),
    ),
    request: z.object({
      requester: key,
      design: key,
      quantity: z.number(),
      location: z.object(point),
      radiusKm: z.number(),
      dueInDays: z.number(),
      budget: z.object({ amountMinor: z.string(), currency: z.string() }).optional(),
      note: z.string().optional(),
    }),
  });
}

export type DemoWorld = Zod.infer<ReturnType<typeof worldSchema>>;
export type DemoFacility = DemoWorld['facilities'][number];
export type DemoDesign = DemoWorld['designs'][number];

// Every file of a design's folder (sub-folders included), by its path inside the folder.
export interface DemoFile {
  path: string;
  content: Uint8Array;
}

export function loadDemoWorld(dir = DEMO_DIR): DemoWorld & { dir: string } {
  const raw: unknown = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8'));
  const parsed = withZod((z) => {
    const result = worldSchema(z).safeParse(raw);
    return result.success ? { world: result.data } : { issue: result.error.issues[0]! };
  });
  if (!parsed.world) throw new Error(`${join(dir, 'world.json')}: ${parsed.issue.path.join('.')} ${parsed.issue.message}`);
  const world = parsed.world;
  const known = (kind: string, keys: string[]) => (k: string) => {
    if (!keys.includes(k)) throw new Error(`${join(dir, 'world.json')}: no ${kind} "${k}"`);
  };
  const account = known(
    'account',
    world.accounts.map((a) => a.key),
  );
  const organization = known(
    'organization',
    world.organizations.map((o) => o.key),
  );
  const design = known(
    'design',
    world.designs.map((d) => d.key),
  );
  world.organizations.forEach((o) => [o.admin, ...o.members.map((m) => m.account)].forEach(account));
  world.facilities.forEach((f) => organization(f.organization));
  world.designs.forEach((d) => {
    account(d.publisher);
    if (d.organization) organization(d.organization);
    d.derivativeOf?.forEach((p) => design(p.design));
  });
  account(world.request.requester);
  design(world.request.design);
  return { ...world, dir };
}

export function facilityInput(f: DemoFacility, organizationId: string): FacilityInput {
  const { organization: _organization, ...input } = f;
  return { ...input, organizationId };
}

export function designFiles(dir: string, prefix = ''): DemoFile[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return designFiles(dir, path);
      return entry.isFile() ? [{ path, content: new Uint8Array(readFileSync(join(dir, path))) }] : [];
    });
}
