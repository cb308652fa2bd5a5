import { randomBytes } from 'node:crypto';
import { createPublicClient, createWalletClient, defineChain, encodeFunctionData, http, type Abi } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { loadArtifact } from '../../api/src/anchoring/anchor-registry.js';
import { fundedSignerKey, rpc } from '../support/chain.js';
import { testConfig } from '../support/config.js';
import { ADVANCE, CLAIM, REQUEST, scenario, upload, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';
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
const MY_CLAIMS =
  '{ myRewardClaims { epoch chainId distributor token address amount { amountMinor currency } amountUnits proof status claimTx } }';

// The worker gathers what a designer earned into an epoch on chain; the designer claims it with
// the proof from the API and the ledger follows. A database and queues of their own: epochs take
// every balance of an instance.
describe('claiming rewards on chain', () => {
  let platform: Platform;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await scratchDatabase({ migrate: true, label: 'epochs_e2e' });
    drop = db.drop;
    platform = await startPlatform({
      worker: true,
      config: testConfig({
        DATABASE_URL: db.url,
        QUEUE_PREFIX: `test-epochs-${randomBytes(4).toString('hex')}`,
        CHAIN_SIGNER_KEY: await fundedSignerKey(),
        REWARD_EPOCH_SECONDS: '60',
        ANCHOR_POLL_MS: '250',
      }),
    });
  });
  afterAll(async () => {
    await platform.close();
    await drop();
  });

  it('pays a designer’s lineage share into an epoch they claim to their linked wallet', async () => {
    const { home, a, designer, requester, cid } = await scenario(platform);
    const wallet = privateKeyToAccount(generatePrivateKey());
    const message = (await platform.gql('mutation($a: String!) { walletChallenge(address: $a) }', { a: wallet.address }, designer)).data!
      .walletChallenge;
    const linked = await platform.gql(
      'mutation($m: String!, $s: String!) { linkWallet(message: $m, signature: $s) { address } }',
      { m: message, s: await wallet.signMessage({ message }) },
      designer,
    );
    expect(linked.data!.linkWallet.address).toBe(wallet.address.toLowerCase());

    const input = {
      designVersionCid: cid,
      quantity: 1,
      location: home,
      radiusKm: 30,
      dueDate: new Date(Date.now() + 86_400_000).toISOString(),
      budget: { amountMinor: '30000', currency: 'EUR' },
    };
    const request = (await platform.gql(REQUEST, { input }, requester)).data!.requestProduction;
    const jobId = (await platform.gql(CLAIM, { r: request.id, f: a.facilityId }, a.token)).data!.claimProductionRequest.id;
    await platform.gql(ADVANCE, { j: jobId, to: 'IN_PRODUCTION' }, a.token);
    const qc = await upload(platform, a.token, { 'qc.md': 'square and true' }, jobId);
    await platform.gql(ADVANCE, { j: jobId, to: 'READY', e: qc.files.map((f) => f.cid) }, a.token);
    await platform.gql(ADVANCE, { j: jobId, to: 'DELIVERED' }, a.token);
    await platform.gql('mutation($j: ID!) { acceptDelivery(jobId: $j) { status } }', { j: jobId }, requester);
    await platform.gql(
      'mutation($j: ID!, $a: MoneyInput!) { recordPayment(jobId: $j, amount: $a) { id } }',
      { j: jobId, a: { amountMinor: '30000', currency: 'EUR' } },
      requester,
    );

    // The default policy gives the lineage bucket (20 %) to the design's only designer.
    const claim = await until(
      'a claimable epoch',
      async () => {
        const claims = (await platform.gql(MY_CLAIMS, {}, designer)).data!.myRewardClaims;
        return claims[0]?.status === 'CLAIMABLE' ? claims[0] : null;
      },
      60_000,
    );
    expect(claim).toMatchObject({
      epoch: 1,
      address: wallet.address.toLowerCase(),
      amount: { amountMinor: '6000', currency: 'EUR' },
      amountUnits: '6000',
    });
    expect((await platform.gql(MY_CLAIMS, {}, requester)).data!.myRewardClaims).toEqual([]);
    expect((await platform.gql(MY_CLAIMS)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    await rpc(RPC, 'anvil_setBalance', [wallet.address, '0xde0b6b3a7640000']);
    const hash = await createWalletClient({ account: wallet, chain, transport: http(RPC) }).sendTransaction({
      to: claim.distributor,
      data: encodeFunctionData({
        abi: loadArtifact('RewardDistributor').abi as Abi,
        functionName: 'claim',
        args: [BigInt(claim.epoch), claim.address, BigInt(claim.amountUnits), claim.proof],
      }),
    });
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
    const tokens = await client.readContract({
      address: claim.token,
      abi: loadArtifact('TestToken').abi as Abi,
      functionName: 'balanceOf',
      args: [wallet.address],
    });
    expect(tokens).toBe(6000n);

    await until(
      'the claim in the ledger',
      async () => {
        const claims = (await platform.gql(MY_CLAIMS, {}, designer)).data!.myRewardClaims;
        return claims[0]?.status === 'CLAIMED' ? claims[0] : null;
      },
      30_000,
    );
    const epochs = (
      await platform.gql(
        '{ rewardEpochs(first: 5) { edges { node { number status leaves total { amountMinor } claimed { amountMinor } claims txHash } } } }',
      )
    ).data!.rewardEpochs.edges;
    expect(epochs.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({
        number: 1,
        status: 'PUBLISHED',
        leaves: 1,
        total: { amountMinor: '6000' },
        claimed: { amountMinor: '6000' },
        claims: 1,
      }),
    ]);
    const accounts = (await platform.gql('{ myLedgerAccounts { kind ownerDid balanceMinor } }', {}, designer)).data!.myLedgerAccounts;
    expect(accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'AGENT', balanceMinor: '0' }),
        expect.objectContaining({ kind: 'EXTERNAL', ownerDid: `did:pkh:eip155:${chain.id}:${wallet.address}`, balanceMinor: '6000' }),
      ]),
    );
  });
});
