import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../../common/graphql/loaders.js';
import { DEFAULT_MATCHING_POLICY } from './matching-policy.js';
import type { FacilityReliability } from './reliability.js';
import { ReliabilityService } from './reliability.service.js';

export interface ReliabilityLoaders {
  reliabilityOfFacility: DataLoader<string, FacilityReliability>;
}

declare module '../../common/graphql/loaders.js' {
  interface LoaderRegistry extends ReliabilityLoaders {}
}

@Injectable()
export class ReliabilityLoadersFactory implements LoadersFactory {
  constructor(private readonly reliability: ReliabilityService) {}

  create(): ReliabilityLoaders {
    return { reliabilityOfFacility: new DataLoader((ids) => this.reliability.reliabilityOf(ids, DEFAULT_MATCHING_POLICY)) };
  }
}
