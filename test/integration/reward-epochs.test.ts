import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import { createPublicClient, createWalletClient, defineChain, encodeFunctionData, http, type Abi } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { loadArtifact } from '../../api/src/anchoring/anchor-registry.js';
import { Database } from '../../api/src/database/database.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { WalletsService } from '../../api/src/identity/wallets.service.js';
import { DistributorChain } from '../../api/src/rewards/epochs/distributor-chain.js';
import { DistributorService } from '../../api/src/rewards/epochs/distributor.service.js';
import { EpochQueriesService } from '../../api/src/rewards/epochs/epoch-queries.service.js';
import { EpochsRepository } from '../../api/src/rewards/epochs/epochs.repository.js';
import { EpochBuilderService } from '../../api/src/rewards/epochs/epoch-builder.service.js';
import { EpochsService } from '../../api/src/rewards/epochs/epochs.service.js';
import { LedgerRepository } from '../../api/src/rewards/ledger/ledger.repository.js';
import { LedgerService } from '../../api/src/rewards/ledger/ledger.service.js';
import { LedgerAccountsService } from '../../api/src/rewards/ledger/ledger-accounts.service.js';
import { fundedSignerKey, restartableChain, rpc } from '../support/chain.js';
import { logCollector } from '../support/logs.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { newAccount } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';
import { until } from '../support/wait.js';

const RPC = process.env.TEST_RPC_URL!;
const chain = defineChain({
  id: Number(process.env.TEST_CHAIN_ID),
  name: 'test chain',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [RPC] } },
});
const client = createPublicClient({ chain, cacheTime: 0, transport: http(RPC) });
const HOUR = 3600_000;

// Epochs take every eligible balance of an instance, so each scenario has a database of its own
// (and a signer, hence a distributor, of its own on the shared chain).
async function instance(overrides: Record<string, string> = {}, logger?: LoggerService) {
  const db = await scratchDatabase({ migrate: true, label: 'epochs' });
  const signerKey = overrides.CHAIN_SIGNER_KEY ?? (await fundedSignerKey());
  const app = await createDomainContext(
    testConfig({
      DATABASE_URL: db.url,
      CHAIN_SIGNER_KEY: signerKey,
      REWARD_EPOCH_SECONDS: '3600',
      REWARD_EPOCH_MIN_MINOR: '100',
      ...overrides,
    }),
    { logger },
  );
  const sql = app.get(Database);
  return {
    app,
    signerKey,
    epochs: app.get(EpochsService),
    epochBuilder: app.get(EpochBuilderService),
    sql,
    // A person, with a wallet linked by a real Sign-In with Ethereum signature unless told otherwise.
    person: async (o: { wallet?: boolean } = {}) => {
      const account = await newAccount(app);
      const wallet = privateKeyToAccount(generatePrivateKey());
      if (o.wallet !== false) {
        const wallets = app.get(WalletsService);
        const message = await wallets.challenge(account.viewer, wallet.address);
        await wallets.link(account.viewer, message, await wallet.signMessage({ message }));
      }
      return { ...account, wallet };
    },
    // What a distribution leaves behind: a person's AGENT account credited from a payer.
    credit: async (did: string, amountMinor: bigint, currency = 'EUR') => {
      await app.get(UnitOfWork).run(async (tx) => {
        const [payer, agent] = await app.get(LedgerRepository).ensureAccounts(tx, [
          { kind: 'EXTERNAL', ownerDid: 'did:key:payer', organizationId: null, fund: null, currency, name: 'payer' },
          { kind: 'AGENT', ownerDid: did, organizationId: null, fund: null, currency, name: did },
        ]);
        await app.get(LedgerService).post(tx, {
          kind: 'SETTLEMENT',
          reference: `test:${did}:${amountMinor}:${Math.random()}`,
          memo: 'test payout',
          entries: [
            { accountId: payer!.id, amountMinor: -amountMinor, currency },
            { accountId: agent!.id, amountMinor, currency },
          ],
        });
      });
    },
    // Passes until no epoch is left to publish (anvil mines a transaction a moment after taking it).
    published: (now?: Date) =>
      until('every epoch on chain', async () => {
        expect((await app.get(EpochsService).tick(now)).failed).toBe(0);
        const [{ open }] = await sql.query(`SELECT count(*)::int AS open FROM reward_epochs WHERE status <> 'PUBLISHED'`);
        return open === 0;
      }),
    balanceOf: async (did: string, kind = 'AGENT', currency = 'EUR') => {
      const [row] = await sql.query(
        `SELECT coalesce(sum(e.amount_minor), 0)::text AS b FROM ledger_accounts l LEFT JOIN ledger_entries e ON e.account_id = l.id WHERE l.kind = $1 AND l.owner_did = $2 AND l.currency = $3`,
        [kind, did, currency],
      );
      return BigInt(row.b);
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

const tokenAbi = loadArtifact('TestToken').abi as Abi;
const distributorAbi = loadArtifact('RewardDistributor').abi as Abi;
const tokenBalance = (token: string, who: string) =>
  client.readContract({ address: token as `0x${string}`, abi: tokenAbi, functionName: 'balanceOf', args: [who] }) as Promise<bigint>;

async function claimOnChain(
  from: PrivateKeyAccount,
  c: { distributor: string; epoch: number; address: string; amountUnits: string; proof: string[] },
) {
  await rpc(RPC, 'anvil_setBalance', [from.address, '0xde0b6b3a7640000']);
  const wallet = createWalletClient({ account: from, chain, transport: http(RPC) });
  const hash = await wallet.sendTransaction({
    to: c.distributor as `0x${string}`,
    data: encodeFunctionData({
      abi: distributorAbi,
      functionName: 'claim',
      args: [BigInt(c.epoch), c.address, BigInt(c.amountUnits), c.proof],
    }),
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  return hash;
}

describe('reward epochs', () => {
  it('gathers the unpaid balances of people with wallets, publishes the root, and posts each claim back to the ledger once', async () => {
    const x = await instance();
    try {
      const [alice, bob, carol, dave, erin] = [
        await x.person(),
        await x.person(),
        await x.person({ wallet: false }),
        await x.person(),
        await x.person(),
      ];
      await x.credit(alice.did, 12_345n);
      await x.credit(bob.did, 600n);
      await x.credit(carol.did, 5_000n); // no wallet: keeps an off-chain balance
      await x.credit(dave.did, 99n); // under the minimum: waits for a later epoch
      await x.credit(erin.did, 900n, 'USD'); // not the epochs' currency

      const now = new Date();
      expect(await x.epochs.tick(now)).toMatchObject({ built: 1, failed: 0 });
      await x.published(now);
      const [epoch] = (await x.app.get(EpochQueriesService).page(10)).edges.map((e) => e.node);
      expect(epoch).toMatchObject({
        number: 1,
        status: 'PUBLISHED',
        leaves: 2,
        totalMinor: 12_945n,
        totalUnits: 12_945n,
        currency: 'EUR',
        claims: 0,
      });
      expect(await client.readContract({ address: epoch!.distributor, abi: distributorAbi, functionName: 'roots', args: [1n] })).toBe(
        epoch!.root,
      );
      expect(await tokenBalance(epoch!.token, epoch!.distributor)).toBeGreaterThanOrEqual(12_945n);
      // The balances moved to the distributor's clearing account; the others stayed.
      expect([
        await x.balanceOf(alice.did),
        await x.balanceOf(bob.did),
        await x.balanceOf(carol.did),
        await x.balanceOf(dave.did),
        await x.balanceOf(erin.did, 'AGENT', 'USD'),
      ]).toEqual([0n, 0n, 5_000n, 99n, 900n]);
      const [clearing] = await x.sql.query(`SELECT l.id FROM ledger_accounts l WHERE l.kind = 'CLEARING'`);
      expect((await x.app.get(LedgerRepository).balances([clearing.id])).get(clearing.id)).toBe(12_945n);

      // Not due again within the hour, whoever is owed.
      await x.credit(alice.did, 700n);
      expect(await x.epochs.tick(new Date(now.getTime() + 60_000))).toMatchObject({ built: 0, published: 0 });

      // Alice claims with the proof the API gives her; the next pass posts it, once.
      const claims = await x.app.get(EpochQueriesService).claimsOf(alice.viewer);
      expect(claims).toHaveLength(1);
      expect(claims[0]).toMatchObject({ status: 'CLAIMABLE', amountMinor: 12_345n, address: alice.wallet.address.toLowerCase() });
      const claimTx = await claimOnChain(alice.wallet, {
        distributor: epoch!.distributor,
        epoch: 1,
        address: alice.wallet.address,
        amountUnits: claims[0]!.amountUnits.toString(),
        proof: claims[0]!.proof,
      });
      expect(await tokenBalance(epoch!.token, alice.wallet.address)).toBe(12_345n);
      expect((await x.epochs.tick(new Date(now.getTime() + 120_000))).claims).toBe(1);
      expect((await x.epochs.tick(new Date(now.getTime() + 180_000))).claims).toBe(0);
      expect((await x.app.get(EpochQueriesService).claimsOf(alice.viewer))[0]).toMatchObject({ status: 'CLAIMED', claimTx });
      expect((await x.app.get(EpochQueriesService).claimsOf(bob.viewer))[0]).toMatchObject({ status: 'CLAIMABLE' });
      expect((await x.app.get(LedgerRepository).balances([clearing.id])).get(clearing.id)).toBe(600n);
      // The claim lands in her wallet's external account, which her ledger view includes.
      const mine = await x.app.get(LedgerAccountsService).myAccounts(alice.viewer);
      expect(mine.find((a) => a.kind === 'EXTERNAL' && a.ownerDid?.startsWith('did:pkh:'))).toMatchObject({ balanceMinor: '12345' });
      expect(await x.app.get(LedgerRepository).unbalancedTransactions()).toEqual([]);

      // An hour on, what she earned since goes into epoch 2.
      expect(await x.epochs.tick(new Date(now.getTime() + 2 * HOUR))).toMatchObject({ built: 1, failed: 0 });
      await x.published(new Date(now.getTime() + 2 * HOUR));
      const [second] = (await x.app.get(EpochQueriesService).page(1)).edges.map((e) => e.node);
      expect(second).toMatchObject({ number: 2, leaves: 1, totalMinor: 700n, status: 'PUBLISHED' });
    } finally {
      await x.close();
    }
  });

  it('adopts a publication the chain already holds instead of sending it again', async () => {
    const x = await instance();
    try {
      const alice = await x.person();
      await x.credit(alice.did, 2_500n);
      // A pass that built the epoch, sent its publication and died before noting it.
      const d = (await x.app.get(DistributorService).resolve())!;
      const built = (await x.epochBuilder.build(d))!;
      const chainApi = x.app.get(DistributorChain);
      await chainApi.mint(d.token, d.address, built.totalUnits);
      const signed = await chainApi.signPublish(d.address, built.number, built.root, built.totalUnits);
      await chainApi.writer.broadcast(signed.raw);
      await client.waitForTransactionReceipt({ hash: signed.hash });

      expect(await x.epochs.tick()).toMatchObject({ built: 0, published: 1, failed: 0 });
      const epoch = await x.app.get(EpochsRepository).findEpoch(built.id);
      expect(epoch).toMatchObject({ status: 'PUBLISHED', txHash: signed.hash });
      const published = await client.getContractEvents({
        address: d.address,
        abi: distributorAbi,
        eventName: 'EpochPublished',
        fromBlock: 0n,
      });
      expect(published).toHaveLength(1);
    } finally {
      await x.close();
    }
  });

  it('builds one epoch when two passes race, and never debits a balance twice', async () => {
    const x = await instance();
    try {
      const people = await Promise.all([x.person(), x.person(), x.person()]);
      for (const p of people) await x.credit(p.did, 1_000n);
      const d = (await x.app.get(DistributorService).resolve())!;
      const results = await Promise.all([x.epochBuilder.build(d), x.epochBuilder.build(d), x.epochBuilder.build(d)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      for (const p of people) expect(await x.balanceOf(p.did)).toBe(0n);
      const [{ n }] = await x.sql.query('SELECT count(*)::int AS n FROM reward_epoch_leaves');
      expect(n).toBe(3);
    } finally {
      await x.close();
    }
  });

  it('waits for funds on a token it cannot mint, saying how much to send, then publishes', async () => {
    // The co-op's own token and distributor, deployed by someone else; the instance only publishes.
    const treasurer = privateKeyToAccount(await fundedSignerKey());
    const treasury = createWalletClient({ account: treasurer, chain, transport: http(RPC) });
    const deploy = async (name: 'TestToken' | 'RewardDistributor', args: unknown[]) => {
      const { abi, bytecode } = loadArtifact(name);
      const hash = await treasury.deployContract({ abi, bytecode, args, chain });
      return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    };
    const signerKey = await fundedSignerKey();
    const token = await deploy('TestToken', ['Co-op Euro', 'cEUR']);
    const distributor = await deploy('RewardDistributor', [token, privateKeyToAccount(signerKey).address]);

    const db = await scratchDatabase({ migrate: true, label: 'epochs' });
    const context = await createDomainContext(
      testConfig({
        DATABASE_URL: db.url,
        CHAIN_SIGNER_KEY: signerKey,
        REWARD_DISTRIBUTOR_ADDRESS: distributor,
        REWARD_EPOCH_MIN_MINOR: '1',
      }),
    );
    try {
      const person = await newAccount(context);
      const wallet = privateKeyToAccount(generatePrivateKey());
      const wallets = context.get(WalletsService);
      const message = await wallets.challenge(person.viewer, wallet.address);
      await wallets.link(person.viewer, message, await wallet.signMessage({ message }));
      await context.get(UnitOfWork).run(async (tx) => {
        const [payer, agent] = await context.get(LedgerRepository).ensureAccounts(tx, [
          { kind: 'EXTERNAL', ownerDid: 'did:key:payer', organizationId: null, fund: null, currency: 'EUR', name: 'payer' },
          { kind: 'AGENT', ownerDid: person.did, organizationId: null, fund: null, currency: 'EUR', name: person.did },
        ]);
        await context.get(LedgerService).post(tx, {
          kind: 'SETTLEMENT',
          reference: 'test:funds',
          memo: 'test',
          entries: [
            { accountId: payer!.id, amountMinor: -4_200n, currency: 'EUR' },
            { accountId: agent!.id, amountMinor: 4_200n, currency: 'EUR' },
          ],
        });
      });
      const epochs = context.get(EpochsService);
      expect(await epochs.tick()).toMatchObject({ built: 1, published: 0 });
      const [waiting] = (await context.get(EpochQueriesService).page(1)).edges.map((e) => e.node);
      expect(waiting).toMatchObject({ status: 'AWAITING_FUNDS', distributor: distributor.toLowerCase() });
      expect(waiting!.lastError).toMatch(/send 4200 units/);

      const hash = await treasury.writeContract({
        address: token,
        abi: tokenAbi,
        functionName: 'mint',
        args: [distributor, 4_200n],
        chain,
      });
      await client.waitForTransactionReceipt({ hash });
      await until('the funded epoch on chain', async () => ((await epochs.tick()).published ? true : null));
      expect(await context.get(EpochsRepository).findEpoch(waiting!.id)).toMatchObject({ status: 'PUBLISHED' });
    } finally {
      await context.close();
      await db.drop();
    }
  });

  it('refuses a configured distributor that another key publishes to', async () => {
    const signerKey = await fundedSignerKey();
    const other = privateKeyToAccount(await fundedSignerKey());
    const { abi, bytecode } = loadArtifact('RewardDistributor');
    const hash = await createWalletClient({ account: other, chain, transport: http(RPC) }).deployContract({
      abi,
      bytecode,
      args: [other.address, other.address],
      chain,
    });
    const distributor = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    const db = await scratchDatabase({ migrate: true, label: 'epochs' });
    const context = await createDomainContext(
      testConfig({ DATABASE_URL: db.url, CHAIN_SIGNER_KEY: signerKey, REWARD_DISTRIBUTOR_ADDRESS: distributor }),
    );
    try {
      await expect(context.get(DistributorService).known()).rejects.toThrow(/published to by .* not by this instance's signer/);
    } finally {
      await context.close();
      await db.drop();
    }
  });

  it('deploys a distributor for a co-op’s token from the CLI, with the instance’s signer as publisher', async () => {
    const signerKey = await fundedSignerKey();
    const owner = privateKeyToAccount(await fundedSignerKey());
    const { abi, bytecode } = loadArtifact('TestToken');
    const hash = await createWalletClient({ account: owner, chain, transport: http(RPC) }).deployContract({
      abi,
      bytecode,
      args: ['Co-op Euro', 'cEUR'],
      chain,
    });
    const token = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [join(process.cwd(), 'dist', 'cli', 'main.js'), 'deploy', 'contracts', ...args], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          RPC_URL: RPC,
          CHAIN_ID: String(chain.id),
          CHAIN_SIGNER_KEY: signerKey,
          LOG_LEVEL: 'error',
        },
      }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const out = await cli('--reward-token', token);
    expect(out.code).toBe(0);
    const address = /REWARD_DISTRIBUTOR_ADDRESS=(0x[0-9a-fA-F]{40})/.exec(out.stdout)![1] as `0x${string}`;
    expect(out.stdout).toMatch(/ANCHOR_REGISTRY_ADDRESS=0x[0-9a-fA-F]{40}/);
    expect(((await client.readContract({ address, abi: distributorAbi, functionName: 'token' })) as string).toLowerCase()).toBe(
      token.toLowerCase(),
    );
    expect(await client.readContract({ address, abi: distributorAbi, functionName: 'publisher' })).toBe(
      privateKeyToAccount(signerKey).address,
    );
    const bad = await cli('--reward-token', '0x1234');
    expect(bad).toMatchObject({ code: 64, stdout: '' });
    expect(bad.stderr).toMatch(/not an address/);
  });

  it('fails, loudly, the epochs of a distributor the chain lost when it restarted without its state, and sends nothing more to it', async () => {
    const chain = await restartableChain(31337);
    const logs = logCollector();
    const x = await instance(
      { RPC_URL: chain.url, CHAIN_ID: '31337', CHAIN_SIGNER_KEY: chain.signerKey, ANCHOR_CONFIRMATIONS: '2' },
      logs.logger,
    );
    try {
      const ada = await x.person();
      await x.credit(ada.did, 2500n);
      await x.epochs.tick();
      const [sent] = await x.sql.query('SELECT status, distributor FROM reward_epochs');
      expect(sent.status).toBe('SUBMITTED'); // waiting for its second confirmation

      await chain.restartWithoutState();
      expect((await x.epochs.tick()).failed).toBe(1);
      const [epoch] = await x.sql.query('SELECT status, last_error, tx_hash, raw_tx FROM reward_epochs');
      expect(epoch).toMatchObject({
        status: 'FAILED',
        tx_hash: null,
        raw_tx: null,
        last_error: `the RewardDistributor ${sent.distributor} is gone from chain 31337: no contract is left at that address`,
      });
      expect(logs.errors()).toEqual([
        expect.objectContaining({
          message: expect.objectContaining({ distributor: sent.distributor, chainId: 31337, epochs: 1, reason: epoch.last_error }),
        }),
      ]);
      // Later passes deploy nothing in its place and publish nothing; the balance stays in its clearing account.
      const before = await publicClientAt(chain.url).getTransactionCount({ address: privateKeyToAccount(chain.signerKey).address });
      await x.epochs.tick(new Date(Date.now() + 2 * HOUR));
      expect(await publicClientAt(chain.url).getTransactionCount({ address: privateKeyToAccount(chain.signerKey).address })).toBe(before);
      expect(await x.sql.query('SELECT count(*)::int AS n FROM reward_distributors')).toEqual([{ n: 1 }]);
      expect(logs.errors()).toHaveLength(1);
    } finally {
      await x.close();
      await chain.stop();
    }
  });
});

const publicClientAt = (url: string) => createPublicClient({ cacheTime: 0, transport: http(url) });
