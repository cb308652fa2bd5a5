import type { z as Zod } from 'zod';
import { isCurrency } from '../common/money.js';

// What each environment variable may hold and its default; loadConfig (config.ts) reads it into an
// AppConfig. Built from the zod it is given (withZod), which is dropped once the check is done.
export function envSchema(z: typeof Zod) {
  const url = (protocols: string[]) =>
    z
      .string()
      .trim()
      .refine(
        (v) => {
          try {
            return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
          } catch {
            return false;
          }
        },
        `must be a URL (${protocols.join(', ')})`,
      );

  const intIn = (min: number, max: number) =>
    z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

  const hexKey = z
    .string()
    .trim()
    .regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex private key');

  const decimalIn = (min: number, max: number) =>
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'must be a decimal number')
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

  const address = z
    .string()
    .trim()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address');

  const secret = z.string().min(32, 'must be at least 32 characters');

  return z.object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: intIn(0, 65535).default(4000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PUBLIC_URL: url(['http', 'https']).optional(),
    DATA_DIR: z.string().trim().min(1).default('./.cosmolocal'),
    DATABASE_URL: url(['postgres', 'postgresql']).optional(),
    DATABASE_POOL_SIZE: intIn(1, 200).default(10),
    MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
    // Seed the demo world (demo/) at start into a platform with no accounts and no designs.
    // Unset: on with the embedded database, off when DATABASE_URL is set.
    DEMO_SEED: z.enum(['true', 'false']).optional(),
    // Accept plain-HTTP and private-address (loopback) peers on ActivityPub: development and tests only.
    FEDERATION_INSECURE_HTTP: z.enum(['true', 'false']).optional(),
    // Instances (host or host:port, comma-separated) this one does not federate with, or, when
    // FEDERATION_ALLOWED_HOSTS is set, the only ones it does.
    FEDERATION_BLOCKED_HOSTS: z.string().trim().default(''),
    FEDERATION_ALLOWED_HOSTS: z.string().trim().default(''),
    FEDERATION_INBOX_RATE_PER_MINUTE: intIn(1, 1_000_000).default(600),
    FEDERATION_MIRROR_MAX_BYTES: intIn(1, 2 ** 45).default(2 * 1024 ** 3),
    FEDERATION_DELIVERY_ATTEMPTS: intIn(1, 50).default(12),
    REDIS_URL: url(['redis', 'rediss']).optional(),
    QUEUE_PREFIX: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _')
      .default('cosmolocal'),
    RPC_URL: url(['http', 'https', 'ws', 'wss']).optional(),
    CHAIN_ID: intIn(1, 2 ** 31).optional(),
    CHAIN_SIGNER_KEY: hexKey.optional(),
    KUBO_RPC_URL: url(['http', 'https']).optional(),
    // libp2p listen multiaddrs of the instance's IPFS node (comma-separated), or none.
    IPFS_LISTEN: z.string().trim().default('/ip4/0.0.0.0/tcp/0,/ip4/0.0.0.0/tcp/0/ws'),
    // Static peers (multiaddrs ending in /p2p/<peer id>, comma-separated), dialed and kept.
    IPFS_PEERS: z.string().trim().default(''),
    UPLOAD_MAX_FILE_BYTES: intIn(1, 2 ** 45).default(1024 ** 3),
    UPLOAD_MAX_REQUEST_BYTES: intIn(1, 2 ** 45).default(2 * 1024 ** 3),
    UPLOAD_MAX_FILES: intIn(1, 100_000).default(1000),
    TOKEN_SECRET: secret.optional(),
    TOKEN_TTL_SECONDS: intIn(60, 60 * 60 * 24 * 90).default(60 * 60 * 12),
    KEY_ENCRYPTION_SECRET: secret.optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    GRAPHQL_MAX_DEPTH: intIn(2, 50).default(10),
    GRAPHQL_MAX_COMPLEXITY: intIn(10, 100000).default(1000),
    // Stack traces and internal error messages in responses: for a developer's own machine only.
    GRAPHQL_DEBUG: z.enum(['true', 'false']).default('false'),
    // Express's "trust proxy": false, true, a hop count, or comma-separated addresses/subnets
    // (loopback, linklocal, uniquelocal, 10.0.0.0/8…) of the proxies in front of the API.
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(/^(true|false|\d{1,2}|[0-9a-zA-Z.:/_, -]+)$/, 'must be true, false, a hop count or a list of proxy addresses')
      .default('false'),
    // Origins (scheme://host[:port], comma-separated) whose pages may call the API with credentials.
    CORS_ORIGINS: z
      .string()
      .trim()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
        'must be comma-separated origins such as https://app.example.org',
      ),
    AUTH_RATE_LIMIT_PER_MINUTE: intIn(1, 100_000).default(10),
    OUTBOX_POLL_MS: intIn(10, 60000).default(500),
    REDISPATCH_AFTER_SECONDS: intIn(1, 24 * 3600).default(300),
    MATCH_WEIGHT_DISTANCE: decimalIn(0, 100).default(0.4),
    MATCH_WEIGHT_LOAD: decimalIn(0, 100).default(0.25),
    MATCH_WEIGHT_VERIFICATION: decimalIn(0, 100).default(0.2),
    MATCH_WEIGHT_COOPERATIVE: decimalIn(0, 100).default(0.15),
    MATCH_WEIGHT_RELIABILITY: decimalIn(0, 100).default(0.2),
    // Weight of free time before the due date, next to the five above (only when a due date is given).
    MATCH_WEIGHT_TIME: decimalIn(0, 100).default(0.25),
    MATCH_OFFER_LIMIT: intIn(1, 500).default(50),
    MATCH_CANDIDATE_POOL: intIn(10, 100_000).default(100),
    PRODUCTION_CLAIM_WINDOW_SECONDS: intIn(1, 60 * 60 * 24 * 90).default(60 * 60 * 48),
    PRODUCTION_HOURS_PER_PART: decimalIn(0.01, 10_000).default(1),
    PEER_ATTESTATIONS_REQUIRED: intIn(1, 100).default(2),
    CONTRIBUTION_VALIDATIONS_REQUIRED: intIn(1, 100).default(2),
    ANCHOR_BATCH_SIZE: intIn(1, 1_048_576).default(1024),
    ANCHOR_MAX_DELAY_SECONDS: intIn(0, 7 * 24 * 3600).default(60),
    ANCHOR_CONFIRMATIONS: intIn(1, 1000).default(1),
    ANCHOR_POLL_MS: intIn(100, 3_600_000).default(2000),
    ANCHOR_RETRY_BASE_SECONDS: intIn(1, 3600).default(5),
    ANCHOR_RETRY_MAX_SECONDS: intIn(1, 24 * 3600).default(600),
    ANCHOR_REORG_DEPTH: intIn(0, 10_000).default(64),
    CERAMIC_URL: url(['http', 'https']).optional(),
    ANCHOR_REGISTRY_ADDRESS: address.optional(),
    REWARD_EPOCH_SECONDS: intIn(60, 366 * 24 * 3600).default(24 * 3600),
    REWARD_EPOCH_CURRENCY: z.string().trim().toUpperCase().refine(isCurrency, 'must be an ISO 4217 currency code').default('EUR'),
    REWARD_EPOCH_MIN_MINOR: intIn(1, 1e15).default(100),
    REWARD_DISTRIBUTOR_ADDRESS: address.optional(),
    GOVERNANCE_MIN_VOTING_SECONDS: intIn(1, 90 * 24 * 3600).default(3600),
    IDEMPOTENCY_KEY_RETENTION_SECONDS: intIn(60, 30 * 24 * 3600).default(24 * 3600),
    GOVERNANCE_DEFAULT_VOTING_SECONDS: intIn(60, 90 * 24 * 3600).default(7 * 24 * 3600),
    // Operability: /metrics's bearer token, the queue dashboard's basic-auth pair, APQ lifetime and
    // where traces go (none are exported without an endpoint).
    METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
    QUEUE_DASHBOARD_USER: z
      .string()
      .trim()
      .regex(/^[^:\s]{1,64}$/, 'must be 1-64 characters without ":" or spaces')
      .optional(),
    QUEUE_DASHBOARD_PASSWORD: z.string().min(16, 'must be at least 16 characters').optional(),
    APQ_TTL_SECONDS: intIn(60, 30 * 24 * 3600).default(24 * 3600),
    // Seconds without a request after which the API hands unused heap back to the system; 0: never.
    IDLE_MEMORY_RECLAIM_SECONDS: intIn(0, 24 * 3600).default(10),
    OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']).optional(),
    OTEL_SERVICE_NAME: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ., - or _')
      .default('cosmolocal'),
    EMBEDDED_PG_PORT: intIn(0, 65535).default(0),
    EMBEDDED_REDIS_PORT: intIn(0, 65535).default(0),
    EMBEDDED_ANVIL_PORT: intIn(0, 65535).default(0),
  });
}
