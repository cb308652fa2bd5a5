import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEV_CHAIN_ID, type AppConfig, type EmbeddedService } from './app-config.js';
import { withZod } from '../common/zod-once.js';
import { envSchema } from './env.schema.js';

// The one place that reads the environment. Everything else receives an AppConfig.
// The config module's public face: callers import the types from here too.
export { DEV_CHAIN_ID, type AppConfig, type EmbeddedService, type Environment } from './app-config.js';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

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
  const parsed = withZod((z) => {
    const result = envSchema(z).safeParse(cleaned);
    return result.success ? { data: result.data } : { issue: result.error.issues[0]! };
  });
  if (!parsed.data) throw new ConfigError(String(parsed.issue.path[0] ?? 'environment'), parsed.issue.message);
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
  if (
    e.MATCH_WEIGHT_DISTANCE + e.MATCH_WEIGHT_LOAD + e.MATCH_WEIGHT_VERIFICATION + e.MATCH_WEIGHT_COOPERATIVE + e.MATCH_WEIGHT_RELIABILITY <=
    0
  ) {
    throw new ConfigError('MATCH_WEIGHT_DISTANCE', 'and the other MATCH_WEIGHT_* must not all be 0');
  }
  if ((e.QUEUE_DASHBOARD_USER === undefined) !== (e.QUEUE_DASHBOARD_PASSWORD === undefined)) {
    throw new ConfigError(
      e.QUEUE_DASHBOARD_USER === undefined ? 'QUEUE_DASHBOARD_USER' : 'QUEUE_DASHBOARD_PASSWORD',
      'must be set together with its pair',
    );
  }
  // The demo accounts' password is published: never on a production instance.
  if (production && e.DEMO_SEED === 'true') throw new ConfigError('DEMO_SEED', 'must not be true when NODE_ENV=production');
  if (production && e.FEDERATION_INSECURE_HTTP === 'true')
    throw new ConfigError('FEDERATION_INSECURE_HTTP', 'must not be true when NODE_ENV=production');
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
    ipfs: {
      kuboRpcUrl: e.KUBO_RPC_URL,
      blockstoreDir: join(dataDir, 'blocks'),
      stagingDir: join(dataDir, 'staging'),
      nodeDir: join(dataDir, 'ipfs-node'),
      listen: multiaddrList('IPFS_LISTEN', e.IPFS_LISTEN === 'none' ? '' : e.IPFS_LISTEN),
      peers: multiaddrList('IPFS_PEERS', e.IPFS_PEERS),
    },
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
      idleMemoryReclaimSeconds: e.IDLE_MEMORY_RECLAIM_SECONDS,
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
        reliability: e.MATCH_WEIGHT_RELIABILITY,
      },
      offerLimit: e.MATCH_OFFER_LIMIT,
      candidatePool: e.MATCH_CANDIDATE_POOL,
      timeWeight: e.MATCH_WEIGHT_TIME,
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
    demo: { seedOnStart: e.DEMO_SEED === undefined ? !e.DATABASE_URL && !production : e.DEMO_SEED === 'true' },
    federation: {
      insecureHttp: e.FEDERATION_INSECURE_HTTP === 'true',
      blockedHosts: hostList(e.FEDERATION_BLOCKED_HOSTS),
      allowedHosts: hostList(e.FEDERATION_ALLOWED_HOSTS),
      mirrorMaxBytes: e.FEDERATION_MIRROR_MAX_BYTES,
      inboxRatePerMinute: e.FEDERATION_INBOX_RATE_PER_MINUTE,
      deliveryAttempts: e.FEDERATION_DELIVERY_ATTEMPTS,
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

// A comma-separated list of multiaddrs (each starting with /), checked for shape here; libp2p
// parses them fully when the node starts.
function multiaddrList(name: string, raw: string): string[] {
  const list = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = list.find((a) => !/^\/[a-z0-9]+\/[^\s]+$/i.test(a));
  if (bad) throw new ConfigError(name, `"${bad}" is not a multiaddr (e.g. /ip4/0.0.0.0/tcp/4001)`);
  return list;
}

const hostList = (raw: string): string[] =>
  raw
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
