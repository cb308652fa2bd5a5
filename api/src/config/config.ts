import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isCurrency } from '../common/money.js';

// The one place that reads the environment. Everything else receives an AppConfig.

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

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

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intIn(0, 65535).default(4000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_URL: url(['http', 'https']).optional(),
  DATA_DIR: z.string().trim().min(1).default('./.cosmolocal'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_SIZE: intIn(1, 200).default(10),
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
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
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'must be comma-separated origins such as https://app.example.org'),
  AUTH_RATE_LIMIT_PER_MINUTE: intIn(1, 100_000).default(10),
  OUTBOX_POLL_MS: intIn(10, 60000).default(500),
  REDISPATCH_AFTER_SECONDS: intIn(1, 24 * 3600).default(300),
  MATCH_WEIGHT_DISTANCE: decimalIn(0, 100).default(0.4),
  MATCH_WEIGHT_LOAD: decimalIn(0, 100).default(0.25),
  MATCH_WEIGHT_VERIFICATION: decimalIn(0, 100).default(0.2),
  MATCH_WEIGHT_COOPERATIVE: decimalIn(0, 100).default(0.15),
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

// anvil's and hardhat's chain id.
export const DEV_CHAIN_ID = 31337;

export type Environment = 'development' | 'production' | 'test';

export interface AppConfig {
  readonly env: Environment;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl?: string;
    readonly trustProxy: boolean | number | string;
    readonly corsOrigins: readonly string[];
  };
  readonly dataDir: string;
  readonly database: { readonly url?: string; readonly poolSize: number; readonly migrateOnStart: boolean };
  readonly redis: { readonly url?: string; readonly queuePrefix: string };
  readonly chain: { readonly rpcUrl?: string; readonly chainId?: number; readonly signerKey?: `0x${string}` };
  readonly ipfs: { readonly kuboRpcUrl?: string; readonly blockstoreDir: string; readonly stagingDir: string };
  readonly uploads: { readonly maxFileBytes: number; readonly maxRequestBytes: number; readonly maxFiles: number };
  readonly auth: {
    readonly tokenSecret: string;
    readonly tokenTtlSeconds: number;
    readonly keyEncryptionSecret: string;
    readonly rateLimitPerMinute: number; // sign-ins and registrations per client address
  };
  readonly log: { readonly level: 'debug' | 'info' | 'warn' | 'error' };
  readonly observability: {
    // Bearer token /metrics asks for; without one it is open outside production and off in it.
    readonly metricsToken?: string;
    // Basic-auth credentials of the queue dashboard (/admin/queues); without them it is off.
    readonly queueDashboard?: { readonly user: string; readonly password: string };
    readonly apqTtlSeconds: number; // how long a registered persisted-query hash is remembered
    readonly otlpEndpoint?: string; // OTLP/HTTP base URL traces are sent to; none: no export
    readonly serviceName: string;
  };
  readonly graphql: { readonly maxDepth: number; readonly maxComplexity: number; readonly debug: boolean };
  readonly outbox: {
    readonly pollMs: number;
    // Work whose queued job may have been lost with Redis (a dispatched event not yet handled, a
    // settlement still PENDING) is looked at again once it is this old, and re-sent if its job is gone.
    readonly redispatchAfterSeconds: number;
  };
  readonly idempotency: { readonly retentionSeconds: number }; // how long a key replays its first result
  readonly matching: {
    readonly weights: { readonly distance: number; readonly load: number; readonly verification: number; readonly cooperative: number };
    readonly offerLimit: number;
    readonly candidatePool: number;
  };
  readonly production: { readonly claimWindowSeconds: number; readonly hoursPerPart: number };
  readonly verification: { readonly peerAttestationsRequired: number };
  readonly contributions: { readonly validationsRequired: number; readonly ceramicUrl?: string };
  readonly anchoring: {
    readonly batchSize: number; // anchor as soon as this many records wait, and at most this many per batch
    readonly maxDelaySeconds: number; // …or once the oldest waiting record is this old
    readonly confirmations: number;
    readonly pollMs: number;
    readonly retryBaseSeconds: number;
    readonly retryMaxSeconds: number;
    readonly reorgDepth: number; // how many recent blocks are re-checked for reorganisations
    readonly registryAddress?: `0x${string}`;
  };
  readonly rewards: {
    readonly epochSeconds: number; // how often unpaid balances are gathered into an on-chain epoch
    readonly epochCurrency: string; // the ledger currency the distributor's token pays
    readonly epochMinMinor: bigint; // smaller balances wait for a later epoch
    readonly distributorAddress?: `0x${string}`;
  };
  readonly governance: {
    readonly minVotingSeconds: number; // a proposal's voting window is at least this long
    readonly defaultVotingSeconds: number; // …and this long when the proposer does not say
  };
  readonly embedded: { readonly pgPort: number; readonly redisPort: number; readonly anvilPort: number };
}

// Services the embedded mode can start when their URL is missing.
export type EmbeddedService = 'postgres' | 'redis' | 'chain';

export function missingServices(config: AppConfig): EmbeddedService[] {
  const missing: EmbeddedService[] = [];
  if (!config.database.url) missing.push('postgres');
  if (!config.redis.url) missing.push('redis');
  if (!config.chain.rpcUrl) missing.push('chain');
  return missing;
}

export function loadConfigFromEnvironment(): AppConfig {
  return loadConfig(process.env);
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    // Production never falls back to embedded services or generated secrets.
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'RPC_URL',
      'CHAIN_ID',
      'TOKEN_SECRET',
      'KEY_ENCRYPTION_SECRET',
      'CHAIN_SIGNER_KEY',
    ] as const) {
      if (e[name] === undefined) throw new ConfigError(name, 'is required when NODE_ENV=production');
    }
  }
  if (e.MATCH_WEIGHT_DISTANCE + e.MATCH_WEIGHT_LOAD + e.MATCH_WEIGHT_VERIFICATION + e.MATCH_WEIGHT_COOPERATIVE <= 0) {
    throw new ConfigError('MATCH_WEIGHT_DISTANCE', 'and the other MATCH_WEIGHT_* must not all be 0');
  }
  if ((e.QUEUE_DASHBOARD_USER === undefined) !== (e.QUEUE_DASHBOARD_PASSWORD === undefined)) {
    throw new ConfigError(
      e.QUEUE_DASHBOARD_USER === undefined ? 'QUEUE_DASHBOARD_USER' : 'QUEUE_DASHBOARD_PASSWORD',
      'must be set together with its pair',
    );
  }
  if (e.RPC_URL && e.CHAIN_ID === undefined) throw new ConfigError('CHAIN_ID', 'is required when RPC_URL is set');
  // The registry deploys itself only on development chains; elsewhere it is deployed once, on purpose.
  if (production && e.CHAIN_ID !== DEV_CHAIN_ID && !e.ANCHOR_REGISTRY_ADDRESS) {
    throw new ConfigError(
      'ANCHOR_REGISTRY_ADDRESS',
      `is required when NODE_ENV=production on chain ${e.CHAIN_ID} (deploy it with npm run deploy:contracts)`,
    );
  }

  const dataDir = resolve(e.DATA_DIR);
  const secrets = production
    ? { token: e.TOKEN_SECRET!, keys: e.KEY_ENCRYPTION_SECRET! }
    : { token: e.TOKEN_SECRET ?? devSecret(dataDir, 'token'), keys: e.KEY_ENCRYPTION_SECRET ?? devSecret(dataDir, 'keys') };

  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL, trustProxy: trustProxy(e.TRUST_PROXY), corsOrigins: e.CORS_ORIGINS },
    dataDir,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, migrateOnStart: e.MIGRATE_ON_START === 'true' },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    chain: { rpcUrl: e.RPC_URL, chainId: e.CHAIN_ID, signerKey: e.CHAIN_SIGNER_KEY as `0x${string}` | undefined },
    ipfs: { kuboRpcUrl: e.KUBO_RPC_URL, blockstoreDir: join(dataDir, 'blocks'), stagingDir: join(dataDir, 'staging') },
    uploads: { maxFileBytes: e.UPLOAD_MAX_FILE_BYTES, maxRequestBytes: e.UPLOAD_MAX_REQUEST_BYTES, maxFiles: e.UPLOAD_MAX_FILES },
    auth: {
      tokenSecret: secrets.token,
      tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
      keyEncryptionSecret: secrets.keys,
      rateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    },
    log: { level: e.LOG_LEVEL },
    observability: {
      metricsToken: e.METRICS_TOKEN,
      queueDashboard: e.QUEUE_DASHBOARD_USER ? { user: e.QUEUE_DASHBOARD_USER, password: e.QUEUE_DASHBOARD_PASSWORD! } : undefined,
      apqTtlSeconds: e.APQ_TTL_SECONDS,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME,
    },
    graphql: { maxDepth: e.GRAPHQL_MAX_DEPTH, maxComplexity: e.GRAPHQL_MAX_COMPLEXITY, debug: e.GRAPHQL_DEBUG === 'true' },
    outbox: { pollMs: e.OUTBOX_POLL_MS, redispatchAfterSeconds: e.REDISPATCH_AFTER_SECONDS },
    idempotency: { retentionSeconds: e.IDEMPOTENCY_KEY_RETENTION_SECONDS },
    matching: {
      weights: {
        distance: e.MATCH_WEIGHT_DISTANCE,
        load: e.MATCH_WEIGHT_LOAD,
        verification: e.MATCH_WEIGHT_VERIFICATION,
        cooperative: e.MATCH_WEIGHT_COOPERATIVE,
      },
      offerLimit: e.MATCH_OFFER_LIMIT,
      candidatePool: e.MATCH_CANDIDATE_POOL,
    },
    production: { claimWindowSeconds: e.PRODUCTION_CLAIM_WINDOW_SECONDS, hoursPerPart: e.PRODUCTION_HOURS_PER_PART },
    verification: { peerAttestationsRequired: e.PEER_ATTESTATIONS_REQUIRED },
    contributions: { validationsRequired: e.CONTRIBUTION_VALIDATIONS_REQUIRED, ceramicUrl: e.CERAMIC_URL },
    anchoring: {
      batchSize: e.ANCHOR_BATCH_SIZE,
      maxDelaySeconds: e.ANCHOR_MAX_DELAY_SECONDS,
      confirmations: e.ANCHOR_CONFIRMATIONS,
      pollMs: e.ANCHOR_POLL_MS,
      retryBaseSeconds: e.ANCHOR_RETRY_BASE_SECONDS,
      retryMaxSeconds: Math.max(e.ANCHOR_RETRY_MAX_SECONDS, e.ANCHOR_RETRY_BASE_SECONDS),
      reorgDepth: e.ANCHOR_REORG_DEPTH,
      registryAddress: e.ANCHOR_REGISTRY_ADDRESS as `0x${string}` | undefined,
    },
    rewards: {
      epochSeconds: e.REWARD_EPOCH_SECONDS,
      epochCurrency: e.REWARD_EPOCH_CURRENCY,
      epochMinMinor: BigInt(e.REWARD_EPOCH_MIN_MINOR),
      distributorAddress: e.REWARD_DISTRIBUTOR_ADDRESS as `0x${string}` | undefined,
    },
    governance: {
      minVotingSeconds: e.GOVERNANCE_MIN_VOTING_SECONDS,
      defaultVotingSeconds: Math.max(e.GOVERNANCE_DEFAULT_VOTING_SECONDS, e.GOVERNANCE_MIN_VOTING_SECONDS),
    },
    embedded: { pgPort: e.EMBEDDED_PG_PORT, redisPort: e.EMBEDDED_REDIS_PORT, anvilPort: e.EMBEDDED_ANVIL_PORT },
  };
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

// Outside production, secrets are generated once and kept in DATA_DIR so restarts
// keep tokens valid and encrypted keys readable.
function devSecret(dataDir: string, name: 'token' | 'keys'): string {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
  return value;
}

// Embedded mode fills in the URLs it started; the result is still an AppConfig.
export function withServices(
  config: AppConfig,
  urls: { databaseUrl?: string; redisUrl?: string; rpcUrl?: string; chainId?: number; signerKey?: `0x${string}` },
): AppConfig {
  return {
    ...config,
    database: { ...config.database, url: config.database.url ?? urls.databaseUrl },
    redis: { ...config.redis, url: config.redis.url ?? urls.redisUrl },
    chain: {
      rpcUrl: config.chain.rpcUrl ?? urls.rpcUrl,
      chainId: config.chain.chainId ?? urls.chainId,
      signerKey: config.chain.signerKey ?? urls.signerKey,
    },
  };
}

export function requireUrl(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(name, 'is not set and no embedded service provided it');
  return value;
}
