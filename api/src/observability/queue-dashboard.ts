import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

// bull-board over every queue of the platform: operators see, retry and clean jobs there. Its
// routes live in their own Fastify scope, so `guard` applies to them and to nothing else.
export async function installQueueDashboard(
  fastify: FastifyInstance,
  queues: readonly Queue[],
  guard: onRequestHookHandler,
): Promise<void> {
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
