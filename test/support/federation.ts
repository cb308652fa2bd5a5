import { testConfig } from './config.js';
import { freePort, startPlatform } from './http.js';
import { scratchDatabase } from './scratch.js';
import { until } from './wait.js';

export type Platform = Awaited<ReturnType<typeof startPlatform>>;

// Platforms that federate on loopback, each with its own database (dropped by stopAll), queue
// prefix and PUBLIC_URL on its own port; with the worker (and an IPFS node) when asked.
export function federatedInstances() {
  const started: Array<{ platform: Platform; drop: () => Promise<void>; closed: boolean }> = [];
  return {
    async start(label: string, options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<Platform> {
      const db = await scratchDatabase({ migrate: true, label });
      const port = await freePort();
      const platform = await startPlatform({
        port,
        worker: options.worker,
        config: testConfig({
          DATABASE_URL: db.url,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          FEDERATION_INSECURE_HTTP: 'true',
          QUEUE_PREFIX: `${label}_${port}`,
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
          ...options.env,
        }),
      });
      const entry = { platform, drop: db.drop, closed: false };
      started.push(entry);
      // Closing one early (an instance that goes away) leaves only its database for stopAll.
      const close = platform.close;
      platform.close = async () => {
        if (entry.closed) return;
        entry.closed = true;
        await close();
      };
      return platform;
    },
    async stopAll(): Promise<void> {
      for (const i of started) {
        await i.platform.close();
        await i.drop();
      }
    },
  };
}

// An organization on `from` follows `target` (@handle@host or an actor URL); resolves once accepted.
export async function followAccepted(from: Platform, token: string, organizationId: string, target: string): Promise<void> {
  const res = await from.gql(
    'mutation($o: ID!, $t: String!) { follow(organizationId: $o, target: $t) { id } }',
    { o: organizationId, t: target },
    token,
  );
  if (res.errors) throw new Error(`follow ${target}: ${JSON.stringify(res.errors)}`);
  await until(
    `${target} accepted`,
    async () =>
      (
        await from.gql('query($o: ID!) { organizationFollows(organizationId: $o) { target status } }', { o: organizationId }, token)
      ).data!.organizationFollows.some((f: { target: string; status: string }) => f.target === target && f.status === 'ACCEPTED') || null,
    15_000,
  );
}
