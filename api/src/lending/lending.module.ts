import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DesignsModule } from '../designs/designs.module.js';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { ProductionModule } from '../production/production.module.js';
import { LendingRepository } from './lending.repository.js';
import { LendingResolver } from './lending.resolver.js';
import { LendingService } from './lending.service.js';
import { SubcontractSettlementHandler } from './subcontract-settlement.handler.js';

@Module({
  imports: [IdentityModule, FacilitiesModule, CalendarModule, DesignsModule, ProductionModule, GovernanceModule, OutboxModule],
  providers: [LendingRepository, LendingService, SubcontractSettlementHandler],
  exports: [LendingService, SubcontractSettlementHandler],
})
export class LendingModule {}

@Module({ imports: [LendingModule], providers: [LendingResolver] })
export class LendingGraphqlModule {}
