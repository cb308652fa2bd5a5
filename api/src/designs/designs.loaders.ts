import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { DesignLineageRepository } from './design-lineage.repository.js';
import { DesignsRepository } from './designs.repository.js';
import type { Design, DesignVersion, ParentLink } from './designs.types.js';

export interface DesignLoaders {
  design: DataLoader<string, Design | null>;
  version: DataLoader<string, DesignVersion | null>;
  latestVersion: DataLoader<string, DesignVersion | null>;
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
    const byId = <T extends { id: string }>(keys: readonly string[], rows: T[]) => {
      const map = new Map(rows.map((r) => [r.id, r]));
      return keys.map((k) => map.get(k) ?? null);
    };
    return {
      design: new DataLoader(async (ids) => byId(ids, await this.designs.findDesigns(ids))),
      version: new DataLoader(async (ids) => byId(ids, await this.designs.findVersions(ids))),
      latestVersion: new DataLoader(async (ids) => {
        const map = new Map((await this.designs.latestVersions(ids)).map((v) => [v.designId, v]));
        return ids.map((id) => map.get(id) ?? null);
      }),
      parents: new DataLoader(async (ids) => {
        const links = await this.lineages.parentsOf(ids);
        return ids.map((id) => links.filter((l) => l.versionId === id));
      }),
    };
  }
}
