import { DataSource } from 'typeorm';
import { migrations } from './migrations/index.js';

// TypeORM as the migration runner, and nothing else: no entities, and no statement of the
// application runs here (those run on database.ts's pool). Imported only where migrations run: the
// migration thread of `cosmolocal start` (migration-worker.ts), the CLI and the tests' set-up.
export function createDataSource(url: string, poolSize = 10, applicationName = 'cosmolocal'): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'migrations',
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  });
}

// Arbitrary constant: serialises concurrent migrators (API replicas starting together).
const MIGRATION_LOCK = 72_317_001;

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
