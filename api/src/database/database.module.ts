import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';
import { collectProvided } from '../common/multi-provider.js';
import { createDataSource } from './data-source.js';
import { ENTITIES, type EntityClass } from './entities.js';
import { DatabaseHealth } from './database.health.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './transaction.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG, DiscoveryService],
      // The entities of every module in this application (each provides its own: provideEntities).
      useFactory: (config: AppConfig, discovery: DiscoveryService) =>
        createDataSource(
          requireUrl(config.database.url, 'DATABASE_URL'),
          config.database.poolSize,
          undefined,
          collectProvided<EntityClass[]>(discovery, ENTITIES).flat(),
        ).initialize(),
    },
    UnitOfWork,
    Sql,
    DatabaseHealth,
  ],
  exports: [DataSource, UnitOfWork, Sql, DatabaseHealth],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
