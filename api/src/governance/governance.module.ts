import { Module } from '@nestjs/common';
import { ContributionsModule } from '../contributions/contributions.module.js';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { FederationsService } from './federations.service.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { GovernanceLoadersFactory } from './governance.loaders.js';
import { GovernanceRepository } from './governance.repository.js';
import { ProposalsRepository } from './proposals.repository.js';
import { TreasuryRepository } from './treasury.repository.js';
import { VotesRepository } from './votes.repository.js';
import { GovernanceResolver } from './governance.resolver.js';
import { PROPOSAL_KIND_PROVIDERS } from './kinds/index.js';
import { ProposalKindRegistration } from './kinds/proposal-kind.registration.js';
import { ProposalKindRegistry } from './kinds/proposal-kind.registry.js';
import { ProposalKindsRepository } from './proposal-kinds.repository.js';
import { ProposalCloseScheduler } from './proposal-close.scheduler.js';
import { ProposalClosingService } from './proposal-closing.service.js';
import { ProposalExecutor } from './proposal-executor.js';
import { ProposalsService } from './proposals.service.js';
import { TreasuryService } from './treasury.service.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { MatchingModule } from '../matching/matching.module.js';

@Module({
  imports: [
    IdentityModule,
    OutboxModule,
    JobsModule,
    ContributionsModule,
    RewardsModule,
    FacilitiesModule,
    IdempotencyModule,
    MatchingModule,
  ],
  providers: [
    GovernanceRepository,
    ProposalsRepository,
    VotesRepository,
    TreasuryRepository,
    TreasuryService,
    ...PROPOSAL_KIND_PROVIDERS,
    ProposalKindRegistry,
    ProposalKindsRepository,
    ProposalKindRegistration,
    ProposalsService,
    ProposalExecutor,
    ProposalClosingService,
    FederationsService,
    ProposalCloseScheduler,
    provideLoaders(GovernanceLoadersFactory),
  ],
  exports: [ProposalKindRegistry, ProposalsService, ProposalClosingService, TreasuryService, FederationsService, ProposalCloseScheduler],
})
export class GovernanceModule {}

@Module({ imports: [GovernanceModule], providers: [GovernanceResolver] })
export class GovernanceGraphqlModule {}
