import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { FacilitiesRepository } from './facilities.repository.js';
import type { Equipment } from './facilities.types.js';

export interface FacilityLoaders {
  equipmentOfFacility: DataLoader<string, Equipment[]>;
}

@Injectable()
export class FacilityLoadersFactory {
  constructor(private readonly facilities: FacilitiesRepository) {}

  create(): FacilityLoaders {
    return {
      equipmentOfFacility: new DataLoader(async (ids) => {
        const rows = await this.facilities.equipmentOf(ids);
        return ids.map((id) => rows.filter((r) => r.facilityId === id));
      }),
    };
  }
}
