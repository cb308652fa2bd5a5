import { Redis } from 'ioredis';
import pg from 'pg';

export default async function globalTeardown() {
  const run = globalThis.__cosmolocalTestRun;
  if (!run) return;
  // Remove this run's queues from a shared Redis.
  const redis = new Redis(process.env.TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.TEST_QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  if (run.adminUrl && run.database) {
    const admin = new pg.Client({ connectionString: run.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${run.database} WITH (FORCE)`);
    await admin.end();
  }
  await run.embedded?.stop();
}
