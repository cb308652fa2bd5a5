import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';
import { Database } from './database.js';
import { DatabaseHealth } from './database.health.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './transaction.js';

@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        Database.open({ url: requireUrl(config.database.url, 'DATABASE_URL'), poolSize: config.database.poolSize }),
    },
    UnitOfWork,
    Sql,
    DatabaseHealth,
  ],
  exports: [Database, UnitOfWork, Sql, DatabaseHealth],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.destroy();
  }
}
