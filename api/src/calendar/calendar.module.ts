import { Module } from '@nestjs/common';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarResolver } from './calendar.resolver.js';
import { CalendarService } from './calendar.service.js';

@Module({
  imports: [IdentityModule, FacilitiesModule],
  providers: [CalendarRepository, CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}

@Module({ imports: [CalendarModule], providers: [CalendarResolver] })
export class CalendarGraphqlModule {}
