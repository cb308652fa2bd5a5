import { Logger } from '@nestjs/common';
import { aDistributor } from '../../../../test/support/domain-factories.js';
import { mock } from '../../../../test/support/unit.js';
import type { ChainWriter } from '../../chain/chain-writer.js';
import { DEV_CHAIN_ID, type AppConfig } from '../../config/config.js';
import type { DistributorChain } from './distributor-chain.js';
import { DistributorService } from './distributor.service.js';
import type { DistributorsRepository } from './distributors.repository.js';

const SIGNER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const GENESIS = `0x${'11'.repeat(32)}` as const;
const D = aDistributor({ publisher: SIGNER, genesisHash: GENESIS });

function setup(o: { configured?: `0x${string}`; chainId?: number; env?: string; code?: boolean; genesis?: `0x${string}` } = {}) {
  const repo = mock<DistributorsRepository>();
  const writer = mock<ChainWriter>();
  Object.assign(writer, { chainId: o.chainId ?? DEV_CHAIN_ID });
  writer.address.mockResolvedValue(SIGNER);
  writer.hasCode.mockResolvedValue(o.code ?? true);
  writer.genesisHash.mockResolvedValue(o.genesis ?? GENESIS);
  const chain = mock<DistributorChain>({ writer });
  const config = { env: o.env ?? 'development', rewards: { distributorAddress: o.configured, epochCurrency: 'EUR' } } as AppConfig;
  return { service: new DistributorService(chain, repo, config), repo, chain, writer };
}

beforeAll(() => Logger.overrideLogger(false));

describe('DistributorService', () => {
  it.each([
    ['a configured distributor', { configured: D.address, chainId: 1, env: 'production' }, true],
    ['the development chain outside production', {}, true],
    ['the development chain in production', { env: 'production' }, false],
    ['another chain without a configured distributor', { chainId: 1 }, false],
  ])('turns epochs on or off for %s', (_case, o, enabled) => {
    expect(setup(o).service.enabled).toBe(enabled);
  });

  describe('known', () => {
    it('adopts a configured distributor published to by this signer, recording it with the chain’s genesis', async () => {
      const t = setup({ configured: D.address });
      t.repo.findDistributorAt.mockResolvedValueOnce(null).mockResolvedValueOnce(D);
      t.chain.publisherOf.mockResolvedValue(SIGNER);
      t.chain.tokenOf.mockResolvedValue(D.token);
      await expect(t.service.known()).resolves.toBe(D);
      expect(t.repo.insertDistributor).toHaveBeenCalledWith({
        chainId: DEV_CHAIN_ID,
        address: D.address,
        token: D.token,
        publisher: SIGNER,
        deployTx: null,
        deployedBlock: null,
        genesisHash: GENESIS,
      });
    });

    it('refuses a configured distributor that another signer publishes to, and records nothing', async () => {
      const t = setup({ configured: D.address });
      t.repo.findDistributorAt.mockResolvedValue(null);
      t.chain.publisherOf.mockResolvedValue('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
      await expect(t.service.known()).rejects.toThrow(/is published to by/);
      expect(t.repo.insertDistributor).not.toHaveBeenCalled();
    });

    it('refuses a configured address that holds no contract', async () => {
      const t = setup({ configured: D.address, code: false });
      t.repo.findDistributorAt.mockResolvedValue(null);
      await expect(t.service.known()).rejects.toThrow(/holds no contract/);
      expect(t.repo.insertDistributor).not.toHaveBeenCalled();
    });

    it('answers none on the development chain until one is deployed, and deploys nothing itself', async () => {
      const t = setup();
      t.repo.findDistributor.mockResolvedValue(null);
      await expect(t.service.known()).resolves.toBeNull();
      expect(t.chain.deployDistributor).not.toHaveBeenCalled();
    });
  });

  describe('check', () => {
    it('finds nothing wrong with a distributor still on the chain it was found on', async () => {
      const t = setup();
      t.repo.findDistributor.mockResolvedValue(D);
      await expect(t.service.check()).resolves.toBeNull();
      expect(t.repo.setDistributorGenesis).not.toHaveBeenCalled();
    });

    it('records the genesis of a distributor first seen without one', async () => {
      const t = setup();
      t.repo.findDistributor.mockResolvedValue({ ...D, genesisHash: null });
      await expect(t.service.check()).resolves.toBeNull();
      expect(t.repo.setDistributorGenesis).toHaveBeenCalledWith(DEV_CHAIN_ID, D.address, GENESIS);
    });

    it.each([
      ['no contract is left at its address', { code: false }, /no contract is left/],
      ['the chain was reset', { genesis: `0x${'22'.repeat(32)}` as const }, /the chain was reset/],
    ])('reports the distributor lost when %s', async (_case, o, reason) => {
      const t = setup(o);
      t.repo.findDistributor.mockResolvedValue(D);
      const lost = await t.service.check();
      expect(lost).toMatchObject({ chainId: DEV_CHAIN_ID, address: D.address });
      expect(lost?.reason).toMatch(reason);
    });
  });
});
