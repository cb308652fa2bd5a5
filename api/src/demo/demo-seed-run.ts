import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Viewer } from '../common/auth/viewer.js';
import type { DesignsService } from '../designs/designs.service.js';
import type { DesignVersion } from '../designs/designs.types.js';
import { importOkh, type ImportedManifest } from '../designs/okh/okh-import.js';
import type { AccountsService } from '../identity/accounts.service.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import type { DemoDesign, DemoWorld } from './demo-world.js';

const MANIFEST = 'okh.toml';

export type World = DemoWorld & { dir: string };

// One seed's view of the demo world: the pieces found or made so far, by the world's keys. A piece
// an earlier step made (in this seed or in one cut off) is looked up by its demo identity once.
export class DemoSeedRun {
  readonly viewers = new Map<string, Viewer>();
  readonly organizations = new Map<string, string>();
  readonly versions = new Map<string, DesignVersion>();
  requestId?: string;

  constructor(
    readonly world: World,
    private readonly lookups: { accounts: AccountsService; organizations: OrganizationsService; designs: DesignsService },
  ) {}

  async viewer(key: string): Promise<Viewer> {
    const known = this.viewers.get(key);
    if (known) return known;
    const account = await this.lookups.accounts.findByEmail(this.emailOf(key));
    if (!account) throw new Error(`demo account "${key}" is missing: the accounts step comes first`);
    return this.remember(this.viewers, key, { accountId: account.id });
  }

  async organization(key: string): Promise<string> {
    const known = this.organizations.get(key);
    if (known) return known;
    const o = this.world.organizations.find((x) => x.key === key)!;
    const org = await this.lookups.organizations.foundedBy((await this.viewer(o.admin)).accountId, storedText(o.name));
    if (!org) throw new Error(`demo organization "${key}" is missing: the organizations step comes first`);
    return this.remember(this.organizations, key, org.id);
  }

  async version(key: string): Promise<DesignVersion> {
    const known = this.versions.get(key);
    if (known) return known;
    const d = this.world.designs.find((x) => x.key === key)!;
    const latest = await this.publishedVersion(d, this.manifestOf(d));
    if (!latest) throw new Error(`demo design "${key}" is missing: the designs step comes first`);
    return latest;
  }

  // The latest version of the design its publisher created under the manifest's title, if any.
  async publishedVersion(d: DemoDesign, manifest: ImportedManifest): Promise<DesignVersion | null> {
    const publisher = await this.viewer(d.publisher);
    const design = await this.lookups.designs.designCreatedBy(publisher.accountId, storedText(manifest.input.title));
    const [latest] = design ? await this.lookups.designs.versionsOfDesign(design.id, 1) : [];
    return latest ? this.remember(this.versions, d.key, latest) : null;
  }

  manifestOf(d: DemoDesign): ImportedManifest {
    return importOkh(readFileSync(join(this.world.dir, d.folder, MANIFEST), 'utf8'), 'TOML');
  }

  emailOf(key: string): string {
    return this.world.accounts.find((a) => a.key === key)!.email;
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): T {
    map.set(key, value);
    return value;
  }
}

// Names and titles as the services store them.
export function storedText(value: string): string {
  return value.normalize('NFC').trim();
}
