import { Module } from '@nestjs/common';
import { ContributionsModule } from '../contributions/contributions.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { ProductionModule } from '../production/production.module.js';
import { DistributionScheduler } from './distribution.scheduler.js';
import { DistributionService } from './distribution.service.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';
import { RewardsRepository } from './rewards.repository.js';
import { RewardsResolver } from './rewards.resolver.js';
import { RewardsService } from './rewards.service.js';
import { SplitInputsRepository } from './split-inputs.repository.js';
import { RecomputeService } from './recompute.service.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';

@Module({
  imports: [IdentityModule, ProductionModule, OutboxModule, JobsModule, ContributionsModule, IpfsModule],
  providers: [LedgerRepository, LedgerService, RewardsRepository, SplitInputsRepository, RewardsService, DistributionService, DistributionScheduler, RecomputeService],
  exports: [RewardsService, DistributionService, DistributionScheduler, LedgerService, LedgerRepository, RecomputeService],
})
export class RewardsModule {}

@Module({ imports: [RewardsModule], providers: [RewardsResolver] })
export class RewardsGraphqlModule {}
