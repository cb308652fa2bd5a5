import { DynamicModule, Module } from '@nestjs/common';
import { AnchoringModule } from '../../api/src/anchoring/anchoring.module.js';
import { AuditHandler } from '../../api/src/audit/audit.handler.js';
import { CeramicPublishScheduler } from '../../api/src/contributions/ceramic/ceramic-publish.handler.js';
import { ContributionCaptureHandler } from '../../api/src/contributions/contribution-capture.handler.js';
import { ContributionsModule } from '../../api/src/contributions/contributions.module.js';
import { AuditModule } from '../../api/src/audit/audit.module.js';
import { ConfigModule } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { DatabaseModule } from '../../api/src/database/database.module.js';
import { RedisModule } from '../../api/src/redis/redis.module.js';
import { JobsModule } from '../../api/src/jobs/jobs.module.js';
import { DOMAIN_EVENT_HANDLERS } from '../../api/src/outbox/domain-event-handler.js';
import { DomainEventDispatcher } from '../../api/src/outbox/domain-event.dispatcher.js';
import { OutboxModule } from '../../api/src/outbox/outbox.module.js';
import { OutboxRelayModule } from '../../api/src/outbox/outbox-relay.module.js';
import { OutboxRedispatcher } from '../../api/src/outbox/outbox.redispatcher.js';
import { ClaimExpiryScheduler } from '../../api/src/production/claim-expiry.handler.js';
import { ProductionModule } from '../../api/src/production/production.module.js';
import { LendingModule } from '../../api/src/lending/lending.module.js';
import { SubcontractSettlementHandler } from '../../api/src/lending/subcontract-settlement.handler.js';
import { Schedules } from './schedules.js';
import { CatchUpOnStart } from './catch-up-on-start.js';
import { FederationModule } from '../../api/src/federation/federation.module.js';
import { IpfsNodeModule } from '../../api/src/ipfs/ipfs-node.js';
import { DesignFederationHandler } from '../../api/src/federation/design-federation.handler.js';
import { DistributionScheduler } from '../../api/src/rewards/distribution/distribution.scheduler.js';
import { RewardsModule } from '../../api/src/rewards/rewards.module.js';
import { GovernanceModule } from '../../api/src/governance/governance.module.js';
import { ProposalCloseScheduler } from '../../api/src/governance/proposal-close.scheduler.js';
import { PROCESSORS } from './processors/index.js';
import { IdempotencyModule } from '../../api/src/idempotency/idempotency.module.js';
import { TracingFlush } from '../../api/src/observability/tracing.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        JobsModule,
        OutboxModule,
        OutboxRelayModule,
        AuditModule,
        ProductionModule,
        ContributionsModule,
        AnchoringModule,
        RewardsModule,
        GovernanceModule,
        LendingModule,
        IdempotencyModule,
        FederationModule,
        IpfsNodeModule,
      ],
      providers: [
        ...PROCESSORS,
        DomainEventDispatcher,
        OutboxRedispatcher,
        Schedules,
        CatchUpOnStart,
        TracingFlush,
        {
          provide: DOMAIN_EVENT_HANDLERS,
          inject: [
            AuditHandler,
            ClaimExpiryScheduler,
            ContributionCaptureHandler,
            CeramicPublishScheduler,
            DistributionScheduler,
            ProposalCloseScheduler,
            SubcontractSettlementHandler,
            DesignFederationHandler,
          ],
          useFactory: (...handlers: unknown[]) => handlers,
        },
      ],
    };
  }
}
