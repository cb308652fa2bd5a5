import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import type { AnchorBatch } from '../contributions/contributions.types.js';
import { AnchorBatchesRepository } from './anchor-batches.repository.js';

export interface AnchoringLoaders {
  anchorBatch: DataLoader<string, AnchorBatch | null>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends AnchoringLoaders {}
}

@Injectable()
export class AnchoringLoadersFactory implements LoadersFactory {
  constructor(private readonly batches: AnchorBatchesRepository) {}

  create(): AnchoringLoaders {
    return {
      anchorBatch: new DataLoader(async (ids) => {
        const map = new Map((await this.batches.findBatches(ids)).map((b) => [b.id, b]));
        return ids.map((id) => map.get(id) ?? null);
      }),
    };
  }
}
