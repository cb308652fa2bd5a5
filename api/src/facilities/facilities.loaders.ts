import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
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
      equipmentOfFacility: new DataLoader(async (ids) => {
        const rows = await this.facilities.equipmentOf(ids);
        return ids.map((id) => rows.filter((r) => r.facilityId === id));
      }),
      facility: new DataLoader(async (ids) => {
        const map = new Map((await this.facilities.findByIds(ids)).map((f) => [f.id, f]));
        return ids.map((id) => map.get(id) ?? null);
      }),
      attestationsOfFacility: new DataLoader(async (ids) => {
        const rows = await this.verification.attestationsOf(ids);
        return ids.map((id) => rows.filter((r) => r.facilityId === id));
      }),
      verificationHistoryOfFacility: new DataLoader(async (ids) => {
        const rows = await this.verification.verificationHistoryOf(ids);
        return ids.map((id) => rows.filter((r) => r.facilityId === id));
      }),
    };
  }
}
