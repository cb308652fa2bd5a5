import { ConfigError, loadConfigFromEnvironment } from '../api/src/config/config.js';

export async function runMigrationCommand(action: string | undefined): Promise<number> {
  if (action !== 'run' && action !== 'revert' && action !== 'show') {
    process.stderr.write('Usage: cosmolocal migration run|revert|show\n');
    return 64;
  }
  let url: string | undefined;
  try {
    url = loadConfigFromEnvironment().database.url;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78;
    }
    throw err;
  }
  if (!url) {
    // Embedded databases are migrated by `npm start` itself.
    process.stderr.write('DATABASE_URL is not set. (`npm start` migrates the embedded database on its own.)\n');
    return 78;
  }
  // TypeORM is loaded by the commands that migrate, and by them alone.
  const { createDataSource, runMigrations } = await import('../api/src/database/data-source.js');
  const ds = await createDataSource(url, 2, 'cosmolocal-migrate').initialize();
  try {
    if (action === 'run') {
      const ran = await runMigrations(ds);
      process.stdout.write(ran.length ? `applied: ${ran.join(', ')}\n` : 'database is up to date\n');
    } else if (action === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const pending = await ds.showMigrations();
      process.stdout.write(pending ? 'there are pending migrations\n' : 'database is up to date\n');
    }
    return 0;
  } finally {
    await ds.destroy();
  }
}
