import { Module } from '@nestjs/common';
import { ContributionsModule } from '../contributions/contributions.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { ProductionModule } from '../production/production.module.js';
import { DistributionScheduler } from './distribution/distribution.scheduler.js';
import { DistributionService } from './distribution/distribution.service.js';
import { LedgerRepository } from './ledger/ledger.repository.js';
import { LedgerService } from './ledger/ledger.service.js';
import { SettlementsRepository } from './distribution/settlements.repository.js';
import { PoliciesRepository } from './policy/policies.repository.js';
import { RewardsResolver } from './rewards.resolver.js';
import { PayoutFlowsService } from './distribution/payout-flows.service.js';
import { RewardsService } from './rewards.service.js';
import { PoliciesService } from './policy/policies.service.js';
import { LedgerAccountsService } from './ledger/ledger-accounts.service.js';
import { SplitInputsRepository } from './distribution/split-inputs.repository.js';
import { RecomputeService } from './distribution/recompute.service.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { ChainModule } from '../chain/chain.module.js';
import { DistributorChain } from './epochs/distributor-chain.js';
import { DistributorService } from './epochs/distributor.service.js';
import { EpochClaimsService } from './epochs/epoch-claims.service.js';
import { EpochQueriesService } from './epochs/epoch-queries.service.js';
import { EpochsRepository } from './epochs/epochs.repository.js';
import { EpochLeavesRepository } from './epochs/epoch-leaves.repository.js';
import { DistributorsRepository } from './epochs/distributors.repository.js';
import { EpochsResolver } from './epochs/epochs.resolver.js';
import { EpochsService } from './epochs/epochs.service.js';
import { EpochBuilderService } from './epochs/epoch-builder.service.js';
import { EpochPublisherService } from './epochs/epoch-publisher.service.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';

@Module({
  imports: [IdentityModule, ProductionModule, OutboxModule, JobsModule, ContributionsModule, IpfsModule, ChainModule, IdempotencyModule],
  providers: [
    LedgerRepository,
    LedgerService,
    SettlementsRepository,
    PoliciesRepository,
    SplitInputsRepository,
    RewardsService,
    PoliciesService,
    LedgerAccountsService,
    PayoutFlowsService,
    DistributionService,
    DistributionScheduler,
    RecomputeService,
    EpochsRepository,
    EpochLeavesRepository,
    DistributorsRepository,
    DistributorChain,
    DistributorService,
    EpochClaimsService,
    EpochBuilderService,
    EpochPublisherService,
    EpochsService,
    EpochQueriesService,
  ],
  exports: [
    RewardsService,
    PoliciesService,
    LedgerAccountsService,
    PayoutFlowsService,
    DistributionService,
    DistributionScheduler,
    LedgerService,
    LedgerRepository,
    RecomputeService,
    EpochsService,
    EpochQueriesService,
  ],
})
export class RewardsModule {}

@Module({ imports: [RewardsModule], providers: [RewardsResolver, EpochsResolver] })
export class RewardsGraphqlModule {}
