import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { byKey, groupBy } from '../common/graphql/batch.js';
import { FacilitiesRepository } from './facilities.repository.js';
import { FacilityVerificationRepository } from './facility-verification.repository.js';
import type { Attestation, Equipment, Facility, VerificationChange } from './facilities.types.js';

export interface FacilityLoaders {
  equipmentOfFacility: DataLoader<string, Equipment[]>;
  facility: DataLoader<string, Facility | null>;
  attestationsOfFacility: DataLoader<string, Attestation[]>;
  verificationHistoryOfFacility: DataLoader<string, VerificationChange[]>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends FacilityLoaders {}
}

@Injectable()
export class FacilityLoadersFactory implements LoadersFactory {
  constructor(
    private readonly facilities: FacilitiesRepository,
    private readonly verification: FacilityVerificationRepository,
  ) {}

  create(): FacilityLoaders {
    return {
      equipmentOfFacility: new DataLoader(async (ids) => groupBy(ids, await this.facilities.equipmentOf(ids), (e) => e.facilityId)),
      facility: new DataLoader(async (ids) => byKey(ids, await this.facilities.findByIds(ids), (f) => f.id)),
      attestationsOfFacility: new DataLoader(async (ids) => groupBy(ids, await this.verification.attestationsOf(ids), (a) => a.facilityId)),
      verificationHistoryOfFacility: new DataLoader(async (ids) =>
        groupBy(ids, await this.verification.verificationHistoryOf(ids), (c) => c.facilityId),
      ),
    };
  }
}
