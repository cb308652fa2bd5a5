// A benchmark leaves no keys behind in a shared Redis: everything it made lives under its own
// QUEUE_PREFIX (queues, persisted queries, locks, caches), deleted here when it is done.
import { Redis } from 'ioredis';

export async function deleteRedisKeys(prefix, url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') {
  if (!prefix) throw new Error('deleteRedisKeys needs the benchmark’s own prefix');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  let cursor = '0';
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}
