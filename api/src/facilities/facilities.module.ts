import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { FacilitiesRepository } from './facilities.repository.js';
import { FacilitiesResolver } from './facilities.resolver.js';
import { FacilitiesService } from './facilities.service.js';
import { FacilityLoadersFactory } from './facilities.loaders.js';
import { FacilityImportService } from './facility-import.service.js';

@Module({
  imports: [IdentityModule, OutboxModule],
  providers: [FacilitiesRepository, FacilitiesService, FacilityImportService, FacilityLoadersFactory],
  exports: [FacilitiesService, FacilityImportService, FacilityLoadersFactory],
})
export class FacilitiesModule {}

@Module({ imports: [FacilitiesModule], providers: [FacilitiesResolver] })
export class FacilitiesGraphqlModule {}
