import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { FacilitiesRepository } from './facilities.repository.js';
import { FacilitiesResolver, FacilityAttestationsResolver } from './facilities.resolver.js';
import { FacilityVerificationService } from './facility-verification.service.js';
import { FacilitiesService } from './facilities.service.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { FacilityLoadersFactory } from './facilities.loaders.js';
import { FacilityImportService } from './facility-import.service.js';
import { EquipmentCapabilityResolver } from './equipment-capability.resolver.js';
import { EquipmentCapabilityService } from './equipment-capability.service.js';
import { FacilitySourcesRepository } from './facility-sources.repository.js';
import { FacilityVerificationRepository } from './facility-verification.repository.js';

@Module({
  imports: [IdentityModule, OutboxModule],
  providers: [
    FacilitiesRepository,
    FacilityVerificationRepository,
    FacilitySourcesRepository,
    FacilitiesService,
    FacilityImportService,
    EquipmentCapabilityService,
    FacilityVerificationService,
    provideLoaders(FacilityLoadersFactory),
  ],
  exports: [FacilitiesService, FacilityImportService, EquipmentCapabilityService, FacilityVerificationService],
})
export class FacilitiesModule {}

@Module({ imports: [FacilitiesModule], providers: [FacilitiesResolver, FacilityAttestationsResolver, EquipmentCapabilityResolver] })
export class FacilitiesGraphqlModule {}
