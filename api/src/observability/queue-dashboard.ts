import type { Queue } from 'bullmq';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

// bull-board over every queue of the platform: operators see, retry and clean jobs there. Its
// routes live in their own Fastify scope, so `guard` applies to them and to nothing else. Loaded only
// when the dashboard is configured: an API without it never holds bull-board and its UI's packages.
export async function installQueueDashboard(
  fastify: FastifyInstance,
  queues: readonly Queue[],
  guard: onRequestHookHandler,
): Promise<void> {
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', guard);
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
