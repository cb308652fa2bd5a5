import { createDataSource, runMigrations } from '../../api/src/database/data-source.js';
import { migrations } from '../../api/src/database/migrations/index.js';
import { scratchDatabase } from '../support/scratch.js';

describe('migrations', () => {
  it('apply, revert completely and apply again on an empty database', async () => {
    const scratch = await scratchDatabase({ label: 'migrations' });
    const ds = await createDataSource(scratch.url, 2).initialize();
    try {
      expect(await runMigrations(ds)).toEqual(migrations.map((m) => m.name));
      expect(await runMigrations(ds)).toEqual([]); // idempotent
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const [left] = await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(left.n).toBe(0);
      expect(await runMigrations(ds)).toHaveLength(migrations.length);
    } finally {
      await ds.destroy();
      await scratch.drop();
    }
  });

  it('enables cube and earthdistance for great-circle distances', async () => {
    const ds = await createDataSource(process.env.TEST_DATABASE_URL!, 2).initialize();
    try {
      // Barcelona to Berlin is about 1,500 km.
      const [row] = await ds.query('SELECT round(earth_distance(ll_to_earth(41.3874, 2.1686), ll_to_earth(52.52, 13.405)) / 1000) AS km');
      expect(Number(row.km)).toBeGreaterThan(1490);
      expect(Number(row.km)).toBeLessThan(1510);
    } finally {
      await ds.destroy();
    }
  });
});
