import { DynamicModule, Module, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AnchoringModule } from '../../api/src/anchoring/anchoring.module.js';
import { AuditModule } from '../../api/src/audit/audit.module.js';
import { ContributionsModule } from '../../api/src/contributions/contributions.module.js';
import { RewardsModule } from '../../api/src/rewards/rewards.module.js';
import { GovernanceModule } from '../../api/src/governance/governance.module.js';
import { ConfigModule } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { DatabaseModule } from '../../api/src/database/database.module.js';
import { RedisModule } from '../../api/src/redis/redis.module.js';
import { DesignsModule } from '../../api/src/designs/designs.module.js';
import { FacilitiesModule } from '../../api/src/facilities/facilities.module.js';
import { IdentityModule } from '../../api/src/identity/identity.module.js';
import { IpfsModule } from '../../api/src/ipfs/ipfs.module.js';
import { JobsModule } from '../../api/src/jobs/jobs.module.js';
import { MatchingModule } from '../../api/src/matching/matching.module.js';
import { ProductionModule } from '../../api/src/production/production.module.js';
import { KeysModule } from '../../api/src/keys/keys.module.js';
import { LendingModule } from '../../api/src/lending/lending.module.js';
import { FederationModule } from '../../api/src/federation/federation.module.js';
import { OutboxModule } from '../../api/src/outbox/outbox.module.js';
import { testConfig } from './config.js';

// The domain modules over real Postgres and Redis, without HTTP and without the
// relay's polling loop (tests drive it by hand).
@Module({})
class DomainTestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DomainTestModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        JobsModule,
        OutboxModule,
        KeysModule,
        IdentityModule,
        AuditModule,
        IpfsModule,
        DesignsModule,
        FacilitiesModule,
        MatchingModule,
        ProductionModule,
        ContributionsModule,
        AnchoringModule,
        RewardsModule,
        GovernanceModule,
        LendingModule,
        FederationModule,
      ],
    };
  }
}

export async function createDomainContext(
  config = testConfig(),
  options: { logger?: LoggerService } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(DomainTestModule.forRoot(config), { logger: options.logger ?? false });
  await app.init();
  return app;
}
