import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../api/src/config/config.js';

// Config for tests: the run's fresh database, Redis prefix and chain (see global-setup).
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-data-')),
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.TEST_REDIS_URL,
    QUEUE_PREFIX: process.env.TEST_QUEUE_PREFIX,
    RPC_URL: process.env.TEST_RPC_URL,
    CHAIN_ID: process.env.TEST_CHAIN_ID,
    TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
    KEY_ENCRYPTION_SECRET: 'test-key-secret-0123456789abcdef01234',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    OUTBOX_POLL_MS: '50',
    // An IPFS node only where a test asks for one.
    IPFS_LISTEN: 'none',
    // Suites register many accounts from 127.0.0.1; the limit itself has its own test.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ...overrides,
  });
}
