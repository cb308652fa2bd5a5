import { loadConfig } from '../config/config.js';
import { metricsAccess } from './install.js';

const base = { TOKEN_SECRET: 'x'.repeat(32), KEY_ENCRYPTION_SECRET: 'y'.repeat(32), DATA_DIR: '/tmp/cosmolocal-metrics-spec' };
const production = {
  ...base,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db.internal/cosmolocal',
  REDIS_URL: 'redis://cache.internal:6379',
  RPC_URL: 'https://rpc.gnosischain.com',
  CHAIN_ID: '100',
  CHAIN_SIGNER_KEY: `0x${'ab'.repeat(32)}`,
  ANCHOR_REGISTRY_ADDRESS: `0x${'12'.repeat(20)}`,
};

describe('who may read /metrics', () => {
  it('asks for the token whenever one is configured', () => {
    expect(metricsAccess(loadConfig({ ...base, METRICS_TOKEN: 't'.repeat(16) }))).toBe('token');
    expect(metricsAccess(loadConfig({ ...production, METRICS_TOKEN: 't'.repeat(16) }))).toBe('token');
  });

  it('is open without a token outside production, and not served in production', () => {
    expect(metricsAccess(loadConfig(base))).toBe('open');
    expect(metricsAccess(loadConfig(production))).toBe('off');
  });
});
