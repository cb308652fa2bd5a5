import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { AnchorBatch } from '../contributions/contributions.types.js';
import { AnchoringRepository } from './anchoring.repository.js';

export interface AnchoringLoaders {
  anchorBatch: DataLoader<string, AnchorBatch | null>;
}

@Injectable()
export class AnchoringLoadersFactory {
  constructor(private readonly repo: AnchoringRepository) {}

  create(): AnchoringLoaders {
    return {
      anchorBatch: new DataLoader(async (ids) => {
        const map = new Map((await this.repo.findBatches(ids)).map((b) => [b.id, b]));
        return ids.map((id) => map.get(id) ?? null);
      }),
    };
  }
}
