import { ConfigError, loadConfig, missingServices } from './config.js';

const secrets = { TOKEN_SECRET: 'x'.repeat(32), KEY_ENCRYPTION_SECRET: 'y'.repeat(32), DATA_DIR: '/tmp/cosmolocal-config-spec' };
const production = {
  ...secrets,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db.internal/cosmolocal',
  REDIS_URL: 'redis://cache.internal:6379',
  RPC_URL: 'https://rpc.gnosischain.com',
  CHAIN_ID: '100',
  CHAIN_SIGNER_KEY: `0x${'ab'.repeat(32)}`,
  ANCHOR_REGISTRY_ADDRESS: `0x${'12'.repeat(20)}`,
};

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(secrets);
    expect(config.http.port).toBe(4000);
    expect(config.env).toBe('development');
    expect(config.dataDir).toBe('/tmp/cosmolocal-config-spec');
    expect(config.ipfs.blockstoreDir).toBe('/tmp/cosmolocal-config-spec/blocks');
    expect(missingServices(config)).toEqual(['postgres', 'redis', 'chain']);
  });

  it('names the variable that is wrong', () => {
    expect(errorOf({ ...secrets, PORT: 'eighty' }).variable).toBe('PORT');
    expect(errorOf({ ...secrets, DATABASE_URL: 'mysql://x' }).variable).toBe('DATABASE_URL');
    expect(errorOf({ ...secrets, CHAIN_SIGNER_KEY: '0x12' }).variable).toBe('CHAIN_SIGNER_KEY');
    expect(errorOf({ ...secrets, TOKEN_SECRET: 'short' }).message).toMatch(/TOKEN_SECRET.*32/);
  });

  it('reads the IPFS node and federation settings', () => {
    const defaults = loadConfig(secrets);
    expect(defaults.ipfs.listen).toEqual(['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']);
    expect(defaults.ipfs.peers).toEqual([]);
    expect(defaults.federation).toMatchObject({ blockedHosts: [], allowedHosts: [], deliveryAttempts: 12 });
    const set = loadConfig({
      ...secrets,
      IPFS_LISTEN: 'none',
      IPFS_PEERS: ' /ip4/10.0.0.2/tcp/4001/p2p/12D3KooWExample , /dns4/peer.example/tcp/4001/p2p/12D3KooWOther ',
      FEDERATION_BLOCKED_HOSTS: 'Bad.Example, worse.example:8443',
      FEDERATION_ALLOWED_HOSTS: 'good.example',
    });
    expect(set.ipfs.listen).toEqual([]);
    expect(set.ipfs.peers).toEqual(['/ip4/10.0.0.2/tcp/4001/p2p/12D3KooWExample', '/dns4/peer.example/tcp/4001/p2p/12D3KooWOther']);
    expect(set.federation.blockedHosts).toEqual(['bad.example', 'worse.example:8443']);
    expect(set.federation.allowedHosts).toEqual(['good.example']);
    expect(errorOf({ ...secrets, IPFS_LISTEN: 'tcp://0.0.0.0:4001' }).variable).toBe('IPFS_LISTEN');
    expect(errorOf({ ...secrets, IPFS_PEERS: 'peer.example:4001' }).variable).toBe('IPFS_PEERS');
    expect(errorOf({ ...secrets, FEDERATION_DELIVERY_ATTEMPTS: '0' }).variable).toBe('FEDERATION_DELIVERY_ATTEMPTS');
  });

  it('reads the operability settings, with everything off by default', () => {
    expect(loadConfig(secrets).observability).toEqual({
      metricsToken: undefined,
      queueDashboard: undefined,
      apqTtlSeconds: 86400,
      otlpEndpoint: undefined,
      serviceName: 'cosmolocal',
      idleMemoryReclaimSeconds: 10,
    });
    const config = loadConfig({
      ...secrets,
      METRICS_TOKEN: 'm'.repeat(16),
      QUEUE_DASHBOARD_USER: 'ops',
      QUEUE_DASHBOARD_PASSWORD: 'p'.repeat(16),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(config.observability).toMatchObject({
      metricsToken: 'm'.repeat(16),
      queueDashboard: { user: 'ops', password: 'p'.repeat(16) },
      otlpEndpoint: 'http://collector:4318',
    });
  });

  it('refuses half a dashboard login, short operator secrets and a non-HTTP trace endpoint', () => {
    expect(errorOf({ ...secrets, QUEUE_DASHBOARD_USER: 'ops' }).variable).toBe('QUEUE_DASHBOARD_PASSWORD');
    expect(errorOf({ ...secrets, QUEUE_DASHBOARD_PASSWORD: 'p'.repeat(16) }).variable).toBe('QUEUE_DASHBOARD_USER');
    expect(errorOf({ ...secrets, QUEUE_DASHBOARD_USER: 'ops', QUEUE_DASHBOARD_PASSWORD: 'short' }).variable).toBe(
      'QUEUE_DASHBOARD_PASSWORD',
    );
    expect(errorOf({ ...secrets, QUEUE_DASHBOARD_USER: 'o:ps', QUEUE_DASHBOARD_PASSWORD: 'p'.repeat(16) }).variable).toBe(
      'QUEUE_DASHBOARD_USER',
    );
    expect(errorOf({ ...secrets, METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
    expect(errorOf({ ...secrets, OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }).variable).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('requires CHAIN_ID with RPC_URL', () => {
    expect(errorOf({ ...secrets, RPC_URL: 'http://127.0.0.1:8545' }).variable).toBe('CHAIN_ID');
  });

  it.each(['DATABASE_URL', 'REDIS_URL', 'RPC_URL', 'TOKEN_SECRET', 'KEY_ENCRYPTION_SECRET', 'CHAIN_SIGNER_KEY', 'ANCHOR_REGISTRY_ADDRESS'])(
    'refuses production without %s instead of falling back to embedded',
    (name) => {
      const env: Record<string, string> = { ...production };
      delete env[name];
      expect(errorOf(env).variable).toBe(name);
    },
  );

  it('lets the registry deploy itself only on a development chain', () => {
    const { ANCHOR_REGISTRY_ADDRESS: _, ...withoutRegistry } = production;
    expect(loadConfig({ ...withoutRegistry, CHAIN_ID: '31337' }).anchoring.registryAddress).toBeUndefined();
    expect(errorOf({ ...withoutRegistry }).message).toMatch(/deploy:contracts/);
  });

  it('accepts a complete production environment with nothing left to embed', () => {
    const config = loadConfig(production);
    expect(config.env).toBe('production');
    expect(missingServices(config)).toEqual([]);
    expect(config.chain.chainId).toBe(100);
  });

  it('reads how long work may wait for a job Redis lost before it is sent again', () => {
    expect(loadConfig(secrets).outbox.redispatchAfterSeconds).toBe(300);
    expect(loadConfig({ ...secrets, REDISPATCH_AFTER_SECONDS: '5' }).outbox.redispatchAfterSeconds).toBe(5);
    expect(errorOf({ ...secrets, REDISPATCH_AFTER_SECONDS: '0' }).variable).toBe('REDISPATCH_AFTER_SECONDS');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...secrets, DATABASE_URL: '', PORT: '' }).database.url).toBeUndefined();
  });

  it('seeds the demo world at start on embedded defaults only, unless DEMO_SEED says otherwise', () => {
    expect(loadConfig(secrets).demo.seedOnStart).toBe(true);
    expect(loadConfig({ ...secrets, DATABASE_URL: 'postgres://db.internal/cosmolocal' }).demo.seedOnStart).toBe(false);
    expect(loadConfig({ ...secrets, DEMO_SEED: 'false' }).demo.seedOnStart).toBe(false);
    expect(loadConfig({ ...secrets, DATABASE_URL: 'postgres://db.internal/x', DEMO_SEED: 'true' }).demo.seedOnStart).toBe(true);
    expect(loadConfig(production).demo.seedOnStart).toBe(false);
    expect(errorOf({ ...secrets, DEMO_SEED: 'yes' }).variable).toBe('DEMO_SEED');
    expect(errorOf({ ...production, DEMO_SEED: 'true' }).variable).toBe('DEMO_SEED');
  });
});
