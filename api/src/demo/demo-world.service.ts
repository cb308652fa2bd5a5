import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/errors/domain-error.js';
import { DesignsService } from '../designs/designs.service.js';
import type { DesignVersion } from '../designs/designs.types.js';
import type { ImportedManifest } from '../designs/okh/okh-import.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import { AccountsService } from '../identity/accounts.service.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { ContentService } from '../ipfs/content.service.js';
import { ProductionRequestsService } from '../production/production-requests.service.js';
import { ProductionService } from '../production/production.service.js';
import { DemoSeedRun, storedText, type World } from './demo-seed-run.js';
import { designFiles, facilityInput, loadDemoWorld, type DemoDesign, type DemoWorld } from './demo-world.js';

const DAY_MS = 86_400_000;
// Sign-ups are rate-limited per client address; the seeder counts as one client.
const CLIENT = 'demo-seed';

// The seed's steps, in order. Each creates only the pieces of the world that are missing, found by
// their demo identity (an account's email, an organization's founder and name, a facility's
// organization and name, a design's publisher and title, the request's requester and design), so
// a seed cut off anywhere is completed by the next one, without duplicates.
export const DEMO_SEED_STEPS = ['accounts', 'organizations', 'facilities', 'designs', 'request'] as const;
export type DemoSeedStep = (typeof DEMO_SEED_STEPS)[number];

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
// their contribution records), and a production request matched and offered. Only into a
// platform that is empty or holds nothing but the demo world: anything a person made is left alone.
@Injectable()
export class DemoWorldService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly organizations: OrganizationsService,
    private readonly facilities: FacilitiesService,
    private readonly content: ContentService,
    private readonly designs: DesignsService,
    private readonly requests: ProductionRequestsService,
    private readonly production: ProductionService,
  ) {}

  // Why the seed must leave the platform alone, or null when it holds nothing but (part of) the
  // demo world. Every row hangs off an account; designs are asked too, so an import counts.
  private async refusal(world: DemoWorld): Promise<string | null> {
    const reason = 'the platform has accounts or designs besides the demo world';
    if (await this.accounts.anyAccountBesides(world.accounts.map((a) => a.email))) return reason;
    const demo = await Promise.all(world.accounts.map((a) => this.accounts.findByEmail(a.email)));
    const ids = demo.flatMap((a) => (a ? [a.id] : []));
    return (await this.designs.anyDesignCreatedOutside(ids)) ? reason : null;
  }

  async seedIfEmpty(world: World = loadDemoWorld()): Promise<DemoSeedOutcome> {
    const refusal = await this.refusal(world);
    if (refusal) return { seeded: false, reason: refusal };
    const run = this.newRun(world);
    let created = 0;
    try {
      for (const step of DEMO_SEED_STEPS) created += await this.runStep(run, step);
    } catch (err) {
      // Another process seeding the same database made this piece meanwhile: the world is theirs to finish.
      if (err instanceof ConflictError) return { seeded: false, reason: 'another process is seeding the demo world' };
      throw err;
    }
    if (created === 0) return { seeded: false, reason: 'the demo world is already complete' };
    return {
      seeded: true,
      accounts: world.accounts.map(({ email, name, about }) => ({ email, name, about })),
      password: world.password,
      organizations: run.organizations.size,
      facilities: world.facilities.length,
      designs: run.versions.size,
      requestId: run.requestId!,
    };
  }

  // One step on its own, as a seed cut off after it leaves the world (the steps before it must
  // have run), under the same rule as the seed; answers how many pieces it created.
  async seedStep(step: DemoSeedStep, world: World = loadDemoWorld()): Promise<number> {
    if (await this.refusal(world)) return 0;
    return this.runStep(this.newRun(world), step);
  }

  private newRun(world: World): DemoSeedRun {
    return new DemoSeedRun(world, { accounts: this.accounts, organizations: this.organizations, designs: this.designs });
  }

  private async runStep(run: DemoSeedRun, step: DemoSeedStep): Promise<number> {
    switch (step) {
      case 'accounts':
        return this.seedAccounts(run);
      case 'organizations':
        return this.seedOrganizations(run);
      case 'facilities':
        return this.seedFacilities(run);
      case 'designs':
        return this.seedDesigns(run);
      case 'request':
        return this.seedRequest(run);
    }
  }

  private async seedAccounts(run: DemoSeedRun): Promise<number> {
    let created = 0;
    for (const a of run.world.accounts) {
      if (await this.accounts.findByEmail(a.email)) continue;
      const { account } = await this.accounts.register({ email: a.email, password: run.world.password, name: a.name }, CLIENT);
      run.viewers.set(a.key, { accountId: account.id });
      created++;
    }
    return created;
  }

  private async seedOrganizations(run: DemoSeedRun): Promise<number> {
    let created = 0;
    for (const o of run.world.organizations) {
      const admin = await run.viewer(o.admin);
      let org = await this.organizations.foundedBy(admin.accountId, storedText(o.name));
      if (!org) {
        org = await this.organizations.create(admin, { name: o.name, kind: o.kind });
        created++;
      }
      run.organizations.set(o.key, org.id);
      for (const m of o.members) {
        if (await this.organizations.membershipOf((await run.viewer(m.account)).accountId, org.id)) continue;
        await this.organizations.addMember(admin, org.id, run.emailOf(m.account), m.role);
        created++;
      }
    }
    return created;
  }

  private async seedFacilities(run: DemoSeedRun): Promise<number> {
    let created = 0;
    for (const f of run.world.facilities) {
      const organizationId = await run.organization(f.organization);
      const existing = await this.facilities.ofOrganization(organizationId);
      if (existing.some((e) => e.name === storedText(f.name))) continue;
      const admin = run.world.organizations.find((o) => o.key === f.organization)!.admin;
      await this.facilities.register(await run.viewer(admin), facilityInput(f, organizationId));
      created++;
    }
    return created;
  }

  private async seedDesigns(run: DemoSeedRun): Promise<number> {
    let created = 0;
    for (const d of run.world.designs) {
      const manifest = run.manifestOf(d);
      if (await run.publishedVersion(d, manifest)) continue;
      run.versions.set(d.key, await this.publish(run, d, manifest));
      created++;
    }
    return created;
  }

  private async seedRequest(run: DemoSeedRun): Promise<number> {
    const r = run.world.request;
    const requester = await run.viewer(r.requester);
    const version = await run.version(r.design);
    const existing = await this.production.myRequestFor(requester, version.id);
    if (existing) {
      run.requestId = existing.id;
      return 0;
    }
    const request = await this.requests.request(requester, {
      designVersionCid: version.cid,
      quantity: r.quantity,
      location: r.location,
      radiusKm: r.radiusKm,
      dueDate: new Date(Date.now() + r.dueInDays * DAY_MS),
      budget: r.budget,
      note: r.note,
    });
    run.requestId = request.id;
    return 1;
  }

  // As a user publishes: the folder uploaded to IPFS, then published with what its OKH manifest says.
  private async publish(run: DemoSeedRun, d: DemoDesign, manifest: ImportedManifest): Promise<DesignVersion> {
    const { root } = await this.content.importTree(designFiles(join(run.world.dir, d.folder)));
    const license = { ...manifest.input.license, documentation: d.documentationLicence ?? manifest.input.license.documentation };
    const derivativeOf = [];
    for (const p of d.derivativeOf ?? []) derivativeOf.push({ versionCid: (await run.version(p.design)).cid, shareBps: p.shareBps });
    return this.designs.publish(await run.viewer(d.publisher), {
      ...manifest.input,
      license,
      notes: manifest.notes,
      rootCid: root.toString(),
      organizationId: d.organization ? await run.organization(d.organization) : undefined,
      derivativeOf: d.derivativeOf ? derivativeOf : undefined,
    });
  }
}
