import { DynamicModule, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '../api/src/config/config.module.js';
import { loadConfigFromEnvironment, missingServices, requireUrl, withServices, type AppConfig } from '../api/src/config/config.js';
import { DatabaseModule } from '../api/src/database/database.module.js';
import { DesignsModule } from '../api/src/designs/designs.module.js';
import { FacilitiesModule } from '../api/src/facilities/facilities.module.js';
import { IdentityModule } from '../api/src/identity/identity.module.js';
import { IpfsModule } from '../api/src/ipfs/ipfs.module.js';
import { RedisModule } from '../api/src/redis/redis.module.js';
import { acquireDataDirLock } from '../api/src/runtime/data-dir-lock.js';

@Module({})
class CliModule {
  static forRoot(config: AppConfig, extra: Array<Type | DynamicModule> = []): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        IdentityModule,
        IpfsModule,
        DesignsModule,
        FacilitiesModule,
        ...extra,
      ],
    };
  }
}

// The domain services for a CLI command: the configured services, or the embedded ones
// when no URL is set and no platform holds DATA_DIR.
export async function withDomainContext<T>(
  work: (app: INestApplicationContext) => Promise<T>,
  extraModules: Array<Type | DynamicModule> = [],
): Promise<T> {
  let config = loadConfigFromEnvironment();
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    const missing = missingServices(config).filter((s) => s !== 'chain');
    if (missing.length) {
      cleanup.push(acquireDataDirLock(config.dataDir));
      const { startEmbedded } = await import('../api/src/infra/embedded/embedded.js');
      const embedded = await startEmbedded({ dataDir: config.dataDir, services: missing });
      cleanup.push(() => embedded.stop());
      config = withServices(config, embedded);
    }
    const { createDataSource, runMigrations } = await import('../api/src/database/data-source.js');
    const ds = await createDataSource(requireUrl(config.database.url, 'DATABASE_URL'), 2, 'cosmolocal-cli').initialize();
    await runMigrations(ds).finally(() => ds.destroy());
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, extraModules), { logger: ['error'] });
    cleanup.push(() => app.close());
    return await work(app);
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}
