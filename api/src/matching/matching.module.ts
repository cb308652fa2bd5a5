import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DesignsModule } from '../designs/designs.module.js';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { MatchingRepository } from './matching.repository.js';
import { MatchingResolver } from './matching.resolver.js';
import { MatchingService } from './matching.service.js';
import { FacilityReliabilityResolver, MatchReliabilityResolver } from './reliability/reliability.resolver.js';
import { ReliabilityRepository } from './reliability/reliability.repository.js';
import { ReliabilityService } from './reliability/reliability.service.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { ReliabilityLoadersFactory } from './reliability/reliability.loaders.js';

@Module({
  imports: [DesignsModule, FacilitiesModule, CalendarModule],
  providers: [MatchingRepository, MatchingService, ReliabilityRepository, ReliabilityService, provideLoaders(ReliabilityLoadersFactory)],
  exports: [MatchingService, ReliabilityService],
})
export class MatchingModule {}

@Module({ imports: [MatchingModule], providers: [MatchingResolver, FacilityReliabilityResolver, MatchReliabilityResolver] })
export class MatchingGraphqlModule {}
