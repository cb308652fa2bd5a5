import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DesignsModule } from '../designs/designs.module.js';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { MatchingRepository } from './matching.repository.js';
import { MatchingResolver } from './matching.resolver.js';
import { MatchingService } from './matching.service.js';

@Module({
  imports: [DesignsModule, FacilitiesModule, CalendarModule],
  providers: [MatchingRepository, MatchingService],
  exports: [MatchingService],
})
export class MatchingModule {}

@Module({ imports: [MatchingModule], providers: [MatchingResolver] })
export class MatchingGraphqlModule {}
