import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';
import { createDataSource } from './data-source.js';
import { DatabaseHealth } from './database.health.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './transaction.js';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        createDataSource(requireUrl(config.database.url, 'DATABASE_URL'), config.database.poolSize).initialize(),
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
