import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DesignsModule } from '../designs/designs.module.js';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MatchingModule } from '../matching/matching.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { ClaimExpiryScheduler } from './claim-expiry.handler.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { ProductionLoadersFactory } from './production.loaders.js';
import { JobEvidenceRepository } from './job-evidence.repository.js';
import { JobEvidenceService } from './job-evidence.service.js';
import { JobOffersRepository } from './job-offers.repository.js';
import { ProductionJobsRepository } from './production-jobs.repository.js';
import { ProductionRequestsRepository } from './production-requests.repository.js';
import { FacilityLoadResolver, ProductionRequestsResolver } from './production.resolver.js';
import { JobOffersResolver, ProductionJobsResolver } from './production-jobs.resolver.js';
import { JobConflictResolver, OfferConflictResolver } from './production-fairness.resolver.js';
import { ProductionService } from './production.service.js';
import { ProductionJobsService } from './production-jobs.service.js';
import { ProductionRequestsService } from './production-requests.service.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';

@Module({
  imports: [
    IdentityModule,
    CalendarModule,
    DesignsModule,
    FacilitiesModule,
    MatchingModule,
    IpfsModule,
    OutboxModule,
    JobsModule,
    IdempotencyModule,
  ],
  providers: [
    ProductionRequestsRepository,
    ProductionJobsRepository,
    JobOffersRepository,
    JobEvidenceRepository,
    JobEvidenceService,
    ProductionService,
    ProductionRequestsService,
    ProductionJobsService,
    provideLoaders(ProductionLoadersFactory),
    ClaimExpiryScheduler,
  ],
  exports: [ProductionService, ProductionRequestsService, ProductionJobsService, JobEvidenceService, ClaimExpiryScheduler],
})
export class ProductionModule {}

@Module({
  imports: [ProductionModule],
  providers: [
    ProductionRequestsResolver,
    ProductionJobsResolver,
    JobOffersResolver,
    FacilityLoadResolver,
    JobConflictResolver,
    OfferConflictResolver,
  ],
})
export class ProductionGraphqlModule {}
