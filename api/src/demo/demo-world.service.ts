import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError } from '../common/errors/domain-error.js';
import { DesignsService } from '../designs/designs.service.js';
import type { DesignVersion } from '../designs/designs.types.js';
import { importOkh } from '../designs/okh/okh-import.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import { AccountsService } from '../identity/accounts.service.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { ContentService } from '../ipfs/content.service.js';
import { ProductionRequestsService } from '../production/production-requests.service.js';
import { designFiles, facilityInput, loadDemoWorld, type DemoDesign, type DemoWorld } from './demo-world.js';

const MANIFEST = 'okh.toml';
const DAY_MS = 86_400_000;
// Sign-ups are rate-limited per client address; the seeder counts as one client.
const CLIENT = 'demo-seed';

export type DemoSeedOutcome =
  | { seeded: false; reason: string }
  | {
      seeded: true;
      accounts: Array<{ email: string; name: string; about: string }>;
      password: string;
      organizations: number;
      facilities: number;
      designs: number;
      requestId: string;
    };

// Seeds the demo world (demo/) through the services a user's actions go through: accounts are
// registered, organizations founded, facilities registered by their admins, design folders
// stored on IPFS and published (manifest block, rows and outbox events, so the worker signs
// their contribution records), and a production request matched and offered. Only into an
// empty platform: anything a person made is left alone.
@Injectable()
export class DemoWorldService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly organizations: OrganizationsService,
    private readonly facilities: FacilitiesService,
    private readonly content: ContentService,
    private readonly designs: DesignsService,
    private readonly requests: ProductionRequestsService,
  ) {}

  // Every row hangs off an account; designs are asked too, so an import without accounts counts.
  async isEmpty(): Promise<boolean> {
    if (await this.accounts.anyAccount()) return false;
    const designs = await this.designs.search({}, { first: 1, withTotal: false });
    return designs.edges.length === 0;
  }

  async seedIfEmpty(world: DemoWorld & { dir: string } = loadDemoWorld()): Promise<DemoSeedOutcome> {
    if (!(await this.isEmpty())) return { seeded: false, reason: 'the platform already has accounts or designs' };
    let viewers: Map<string, Viewer>;
    try {
      viewers = await this.registerAccounts(world);
    } catch (err) {
      // Another process seeding the same database got the first account: the world is theirs to make.
      if (err instanceof ConflictError) return { seeded: false, reason: 'another process is seeding the demo world' };
      throw err;
    }
    const as = (key: string) => viewers.get(key)!;

    const organizations = new Map<string, string>();
    for (const o of world.organizations) {
      const org = await this.organizations.create(as(o.admin), { name: o.name, kind: o.kind });
      organizations.set(o.key, org.id);
      const admin = as(o.admin);
      for (const m of o.members) await this.organizations.addMember(admin, org.id, emailOf(world, m.account), m.role);
    }
    const admins = new Map(world.organizations.map((o) => [o.key, as(o.admin)]));
    for (const f of world.facilities) {
      await this.facilities.register(admins.get(f.organization)!, facilityInput(f, organizations.get(f.organization)!));
    }

    const versions = new Map<string, DesignVersion>();
    for (const d of world.designs) versions.set(d.key, await this.publish(world.dir, d, as(d.publisher), organizations, versions));

    const r = world.request;
    const request = await this.requests.request(as(r.requester), {
      designVersionCid: versions.get(r.design)!.cid,
      quantity: r.quantity,
      location: r.location,
      radiusKm: r.radiusKm,
      dueDate: new Date(Date.now() + r.dueInDays * DAY_MS),
      budget: r.budget,
      note: r.note,
    });
    return {
      seeded: true,
      accounts: world.accounts.map(({ email, name, about }) => ({ email, name, about })),
      password: world.password,
      organizations: organizations.size,
      facilities: world.facilities.length,
      designs: versions.size,
      requestId: request.id,
    };
  }

  private async registerAccounts(world: DemoWorld): Promise<Map<string, Viewer>> {
    const viewers = new Map<string, Viewer>();
    for (const a of world.accounts) {
      const { account } = await this.accounts.register({ email: a.email, password: world.password, name: a.name }, CLIENT);
      viewers.set(a.key, { accountId: account.id });
    }
    return viewers;
  }

  // As a user publishes: the folder uploaded to IPFS, then published with what its OKH manifest says.
  private async publish(
    dir: string,
    d: DemoDesign,
    viewer: Viewer,
    organizations: ReadonlyMap<string, string>,
    published: ReadonlyMap<string, DesignVersion>,
  ): Promise<DesignVersion> {
    const folder = join(dir, d.folder);
    const manifest = importOkh(readFileSync(join(folder, MANIFEST), 'utf8'), 'TOML');
    const { root } = await this.content.importTree(designFiles(folder));
    const license = { ...manifest.input.license, documentation: d.documentationLicence ?? manifest.input.license.documentation };
    return this.designs.publish(viewer, {
      ...manifest.input,
      license,
      notes: manifest.notes,
      rootCid: root.toString(),
      organizationId: d.organization ? organizations.get(d.organization) : undefined,
      derivativeOf: d.derivativeOf?.map((p) => ({ versionCid: published.get(p.design)!.cid, shareBps: p.shareBps })),
    });
  }
}

function emailOf(world: DemoWorld, key: string): string {
  return world.accounts.find((a) => a.key === key)!.email;
}
