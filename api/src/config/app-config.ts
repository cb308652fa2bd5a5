// The typed configuration every service receives (under APP_CONFIG); loadConfig builds it.

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
  readonly ipfs: {
    readonly kuboRpcUrl?: string;
    readonly blockstoreDir: string;
    readonly stagingDir: string;
    // The IPFS node's key and the addresses it listens on (written by the worker, read by the API).
    readonly nodeDir: string;
    // libp2p listen addresses; empty: no IPFS node.
    readonly listen: readonly string[];
    readonly peers: readonly string[];
  };
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
    // Seconds without a request before unused heap is handed back (observability/idle-memory.ts); 0: never.
    readonly idleMemoryReclaimSeconds: number;
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
    readonly weights: {
      readonly distance: number;
      readonly load: number;
      readonly verification: number;
      readonly cooperative: number;
      readonly reliability: number;
    };
    readonly offerLimit: number;
    readonly candidatePool: number;
    readonly timeWeight: number;
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
  // Seed the demo world at start when the platform is empty (accounts and passwords are public).
  readonly demo: { readonly seedOnStart: boolean };
  // ActivityPub: whether plain-HTTP and private-address peers are accepted (never in production).
  readonly federation: {
    readonly insecureHttp: boolean;
    // Instances (host[:port]) not federated with; when allowedHosts is not empty, the only ones federated with.
    readonly blockedHosts: readonly string[];
    readonly allowedHosts: readonly string[];
    // Activities one peer address may post to the inboxes per minute.
    readonly inboxRatePerMinute: number;
    // The most bytes fetched from peers for one mirrored design.
    readonly mirrorMaxBytes: number;
    // Tries of one delivery to a remote inbox (exponential backoff) before it is dead-lettered.
    readonly deliveryAttempts: number;
  };
  readonly embedded: { readonly pgPort: number; readonly redisPort: number; readonly anvilPort: number };
}

// Services the embedded mode can start when their URL is missing.
export type EmbeddedService = 'postgres' | 'redis' | 'chain';
