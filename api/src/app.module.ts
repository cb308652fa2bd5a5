import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './common/auth/access.guard.js';
import { DomainErrorFilter } from './common/graphql/domain-error.filter.js';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { RedisModule } from './redis/redis.module.js';
import { ApiGraphqlModule } from './graphql/graphql.module.js';
import { GatewayModule } from './gateway/gateway.module.js';
import { HealthModule } from './health/health.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { DemoModule } from './demo/demo.module.js';
import { FederationModule } from './federation/federation.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        ApiGraphqlModule,
        HealthModule,
        UploadsModule,
        GatewayModule,
        ObservabilityModule,
        DemoModule,
        FederationModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
