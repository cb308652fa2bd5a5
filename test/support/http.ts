import { createServer } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { createApiApp } from '../../api/src/bootstrap.js';
import { AppLogger } from '../../api/src/common/logging/logger.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { startWorker } from '../../worker/src/bootstrap.js';
import { testConfig } from './config.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> & { code?: string } }>;
}

// The API listening on a real port, plus (optionally) the worker, over the run's database.
// port: a fixed port (one chosen with freePort), e.g. when PUBLIC_URL must name it in advance.
export async function startPlatform(options: { worker?: boolean; config?: AppConfig; logger?: AppLogger; port?: number } = {}) {
  const config = options.config ?? testConfig();
  const logger = options.logger ?? new AppLogger(config.log.level);
  const api: INestApplication = await createApiApp(config, logger);
  await api.listen(options.port ?? 0, '127.0.0.1');
  const worker: INestApplicationContext | undefined = options.worker ? await startWorker(config, logger) : undefined;
  const address = api.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string) {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as object) } as GraphQLResponse<T>;
  }

  return {
    config,
    baseUrl,
    api,
    gql,
    close: async () => {
      await worker?.close();
      await api.close();
    },
  };
}

// A port free on loopback now (for a server about to be started on it).
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
