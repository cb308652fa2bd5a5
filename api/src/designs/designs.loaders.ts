import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoaderRegistry, LoadersFactory } from '../common/graphql/loaders.js';
import type { PageRead } from './design-catalogue-read-ahead.js';
import { byKey, groupBy } from '../common/graphql/batch.js';
import { DesignLineageRepository } from './design-lineage.repository.js';
import { DesignsRepository } from './designs.repository.js';
import {
  SUMMARY_FIELDS,
  type Design,
  type DesignVersionHead,
  type ManifestField,
  type ManifestFields,
  type ManifestSummary,
  type ParentLink,
} from './designs.types.js';

export interface DesignLoaders {
  design: DataLoader<string, Design | null>;
  // Versions without their manifests, by version id and by design (its latest).
  version: DataLoader<string, DesignVersionHead | null>;
  latestVersion: DataLoader<string, DesignVersionHead | null>;
  // The same with the manifest summary, in the same query, for a selection that shows it.
  latestVersionWithSummary: DataLoader<string, { head: DesignVersionHead; summary: ManifestSummary } | null>;
  // By version id, only when a field that shows them is asked for.
  manifestSummary: DataLoader<string, ManifestSummary>;
  manifestFiles: DataLoader<string, ManifestFields<'files'>>;
  parents: DataLoader<string, ParentLink[]>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends DesignLoaders {}
}

@Injectable()
export class DesignLoadersFactory implements LoadersFactory {
  constructor(
    private readonly designs: DesignsRepository,
    private readonly lineages: DesignLineageRepository,
  ) {}

  create(): DesignLoaders {
    const manifestFields = <K extends ManifestField>(fields: readonly K[]) =>
      new DataLoader<string, ManifestFields<K>>(async (ids) => {
        const rows = byKey(ids, await this.designs.manifestFields(ids, fields), (r) => r.id);
        return rows.map((r) => r?.fields ?? {});
      });
    return {
      design: new DataLoader(async (ids) => byKey(ids, await this.designs.findDesigns(ids), (d) => d.id)),
      version: new DataLoader(async (ids) => byKey(ids, await this.designs.findVersionHeads(ids), (v) => v.id)),
      latestVersion: new DataLoader(async (ids) =>
        byKey(ids, await this.designs.latestVersionHeads(ids), (v) => v.head.designId).map((v) => v && v.head),
      ),
      latestVersionWithSummary: new DataLoader(async (ids) =>
        byKey(ids, await this.designs.latestVersionHeads(ids, SUMMARY_FIELDS), (v) => v.head.designId).map(
          (v) => v && { head: v.head, summary: v.fields ?? {} },
        ),
      ),
      manifestSummary: manifestFields(SUMMARY_FIELDS),
      manifestFiles: manifestFields(['files'] as const),
      parents: new DataLoader(async (ids) => groupBy(ids, await this.lineages.parentsOf(ids), (l) => l.versionId)),
    };
  }
}

// A request's loaders handed what a catalogue page read with it (design-catalogue-read-ahead.ts):
// the same values they would have read, so the fields below the page need no statement of their own.
// Only this request's loaders are primed; a value they already hold is kept.
export function primeWithPage(loaders: LoaderRegistry, read: PageRead): void {
  for (const { head, summary } of read.latest) {
    if (summary) loaders.latestVersionWithSummary.prime(head.designId, { head, summary });
    else loaders.latestVersion.prime(head.designId, head);
  }
  for (const { account, organization } of read.owners) {
    if (account) loaders.account.prime(account.id, account);
    if (organization) loaders.organization.prime(organization.id, organization);
  }
}
