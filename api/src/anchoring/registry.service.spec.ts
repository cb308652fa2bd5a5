import { Logger } from '@nestjs/common';
import { aHash } from '../../../test/support/domain-factories.js';
import { mock } from '../../../test/support/unit.js';
import type { AppConfig } from '../config/config.js';
import type { AnchorChain } from './anchor-chain.js';
import type { AnchorRegistriesRepository, RegistryRow } from './anchor-registries.repository.js';
import { RegistryService } from './registry.service.js';

const ANCHORER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const OURS = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const CONFIGURED = '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512';
const GENESIS = aHash();

function setup(o: { env?: AppConfig['env']; chainId?: number; registryAddress?: `0x${string}`; onChain?: string[] } = {}) {
  const registries = mock<AnchorRegistriesRepository>();
  const chain = mock<AnchorChain>({ chainId: o.chainId ?? 31337 });
  chain.anchorer.mockResolvedValue(ANCHORER);
  const onChain = new Set(o.onChain ?? []);
  chain.hasCode.mockImplementation(async (address) => onChain.has(address));
  chain.genesisHash.mockResolvedValue(GENESIS);
  chain.deployRegistry.mockResolvedValue({ address: OURS, txHash: aHash(), blockNumber: 3n });
  registries.findRegistry.mockResolvedValue(null);
  registries.registryAt.mockResolvedValue(null);
  const config = { env: o.env ?? 'development', anchoring: { registryAddress: o.registryAddress } } as AppConfig;
  return { service: new RegistryService(chain, registries, config), registries, chain };
}

const row = (over: Partial<RegistryRow> = {}): RegistryRow => ({ address: OURS, deployedBlock: 3n, genesisHash: GENESIS, ...over });

beforeAll(() => Logger.overrideLogger(false));

describe('RegistryService.address', () => {
  it('uses the configured registry, checking once that it holds a contract', async () => {
    const t = setup({ registryAddress: CONFIGURED, onChain: [CONFIGURED] });
    expect(await t.service.address()).toBe(CONFIGURED);
    expect(await t.service.address()).toBe(CONFIGURED);
    expect(t.chain.hasCode).toHaveBeenCalledTimes(1);
    expect(t.chain.deployRegistry).not.toHaveBeenCalled();
  });

  it('refuses a configured address with no contract, and deploys none in its place', async () => {
    const t = setup({ registryAddress: CONFIGURED });
    await expect(t.service.address()).rejects.toThrow(`ANCHOR_REGISTRY_ADDRESS ${CONFIGURED} holds no contract on chain 31337`);
    expect(t.chain.deployRegistry).not.toHaveBeenCalled();
  });

  it('uses the registry it deployed earlier while the chain still holds it', async () => {
    const t = setup({ onChain: [OURS] });
    t.registries.findRegistry.mockResolvedValue(row());
    expect(await t.service.address()).toBe(OURS);
    expect(t.registries.findRegistry).toHaveBeenCalledWith(31337, ANCHORER);
    expect(t.chain.deployRegistry).not.toHaveBeenCalled();
  });

  it('deploys and records a registry, settling on the first one recorded when two deploy at once', async () => {
    const t = setup();
    const first = '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0';
    t.registries.findRegistry.mockResolvedValueOnce(null).mockResolvedValueOnce(row({ address: first }));
    expect(await t.service.address()).toBe(first);
    expect(t.registries.insertRegistry).toHaveBeenCalledWith({
      chainId: 31337,
      address: OURS,
      anchorer: ANCHORER,
      deployTx: expect.stringMatching(/^0x/),
      deployedBlock: 3n,
      genesisHash: GENESIS,
    });
  });

  it('forgets a registry the chain lost before deploying the next', async () => {
    const t = setup();
    t.registries.findRegistry.mockResolvedValue(row());
    await t.service.address();
    expect(t.registries.forgetRegistry).toHaveBeenCalledWith(31337, OURS);
    expect(t.registries.forgetRegistry.mock.invocationCallOrder[0]).toBeLessThan(t.chain.deployRegistry.mock.invocationCallOrder[0]!);
  });

  it('deploys nothing in production on a public chain', async () => {
    const t = setup({ env: 'production', chainId: 100 });
    await expect(t.service.address()).rejects.toThrow(/No AnchorRegistry configured/);
    expect(t.chain.deployRegistry).not.toHaveBeenCalled();
    expect(t.registries.insertRegistry).not.toHaveBeenCalled();
  });
});

describe('RegistryService.check', () => {
  it('has nothing to check before any registry is in use', async () => {
    const t = setup();
    expect(await t.service.check()).toBeNull();
    expect(t.chain.genesisHash).not.toHaveBeenCalled();
  });

  it('records a configured registry on first use, with the chain’s genesis block', async () => {
    const t = setup({ registryAddress: CONFIGURED, onChain: [CONFIGURED] });
    expect(await t.service.check()).toBeNull();
    expect(t.registries.registryAt).toHaveBeenCalledWith(31337, CONFIGURED);
    expect(t.registries.insertRegistry).toHaveBeenCalledWith(
      expect.objectContaining({ address: CONFIGURED, deployTx: null, genesisHash: GENESIS }),
    );
  });

  it('completes a registry recorded without its genesis block', async () => {
    const t = setup({ onChain: [OURS] });
    t.registries.findRegistry.mockResolvedValue(row({ genesisHash: null }));
    expect(await t.service.check()).toBeNull();
    expect(t.registries.setRegistryGenesis).toHaveBeenCalledWith(31337, OURS, GENESIS);
  });

  it('reports its own registry lost when no contract is left, to be deployed again', async () => {
    const t = setup();
    t.registries.findRegistry.mockResolvedValue(row());
    expect(await t.service.check()).toEqual({
      address: OURS,
      chainId: 31337,
      redeploy: true,
      reason: `the AnchorRegistry ${OURS} is gone from chain 31337: no contract is left at that address`,
    });
  });

  it('reports a configured registry lost when the chain was reset, not to be replaced', async () => {
    const t = setup({ registryAddress: CONFIGURED, onChain: [CONFIGURED] });
    t.registries.registryAt.mockResolvedValue(row({ address: CONFIGURED, genesisHash: aHash() }));
    const lost = await t.service.check();
    expect(lost).toMatchObject({ address: CONFIGURED, redeploy: false });
    expect(lost!.reason).toContain(`the chain was reset (its genesis block is now ${GENESIS})`);
    expect(t.registries.insertRegistry).not.toHaveBeenCalled();
  });
});

describe('RegistryService.adoptIfPresent', () => {
  const lost = { address: CONFIGURED, chainId: 31337, reason: 'gone', redeploy: false } as const;

  it('takes a registry redeployed at the same address as the new chain’s', async () => {
    const t = setup({ onChain: [CONFIGURED] });
    await t.service.adoptIfPresent(lost);
    expect(t.registries.setRegistryGenesis).toHaveBeenCalledWith(31337, CONFIGURED, GENESIS);
  });

  it('changes nothing while the address holds no contract', async () => {
    const t = setup();
    await t.service.adoptIfPresent(lost);
    expect(t.registries.setRegistryGenesis).not.toHaveBeenCalled();
  });
});
