import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, defineChain, http, type Abi } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { loadArtifact } from '../../api/src/anchoring/anchor-registry.js';
import { fundedSignerKey } from '../support/chain.js';

// The RewardDistributor on the run's chain, with a test ERC-20, and proofs from OpenZeppelin's
// StandardMerkleTree: what a reward epoch will publish and what a contributor will claim with.
describe('RewardDistributor', () => {
  const rpc = process.env.TEST_RPC_URL!;
  const chain = defineChain({
    id: Number(process.env.TEST_CHAIN_ID),
    name: 'test chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  });
  const client = createPublicClient({ chain, cacheTime: 0, transport: http(rpc) });
  const revertName = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    return revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : `no revert: ${String(err)}`;
  };

  it('pays each leaf of a published epoch once, to its address, with a StandardMerkleTree proof', async () => {
    const platform = createWalletClient({ account: privateKeyToAccount(await fundedSignerKey()), transport: http(rpc), chain });
    const deploy = async (name: 'TestToken' | 'RewardDistributor', args: unknown[]) => {
      const { abi, bytecode } = loadArtifact(name);
      const hash = await platform.deployContract({ abi, bytecode, args, chain });
      return { address: (await client.waitForTransactionReceipt({ hash })).contractAddress!, abi: abi as Abi };
    };
    const write = async (c: { address: `0x${string}`; abi: Abi }, functionName: string, args: unknown[], from = platform) => {
      const { request } = await client.simulateContract({ address: c.address, abi: c.abi, functionName, args, account: from.account! });
      return client.waitForTransactionReceipt({ hash: await from.writeContract(request as never) });
    };
    const token = await deploy('TestToken', ['Test Euro', 'tEUR']);
    const distributor = await deploy('RewardDistributor', [token.address, platform.account!.address]);

    const alice = privateKeyToAccount(generatePrivateKey()).address;
    const bob = privateKeyToAccount(generatePrivateKey()).address;
    const carol = privateKeyToAccount(generatePrivateKey()).address;
    const leaves: Array<[string, string]> = [
      [alice, '12345'],
      [bob, '600'],
      [carol, '1'],
    ];
    const tree = StandardMerkleTree.of(leaves, ['address', 'uint256']);
    await write(token, 'mint', [distributor.address, 12946n]);
    await write(distributor, 'publish', [1n, tree.root, 12946n]);
    expect(
      await revertName(
        client.simulateContract({
          address: distributor.address,
          abi: distributor.abi,
          functionName: 'publish',
          args: [1n, tree.root, 1n],
          account: platform.account!,
        }),
      ),
    ).toBe('EpochExists');

    // Anyone may send the claim; the tokens go to the leaf's address.
    const relayer = createWalletClient({ account: privateKeyToAccount(await fundedSignerKey()), transport: http(rpc), chain });
    const proofOf = (i: number) => tree.getProof(i) as `0x${string}`[];
    await write(distributor, 'claim', [1n, alice, 12345n, proofOf(0)], relayer);
    const balance = (who: string) =>
      client.readContract({ address: token.address, abi: token.abi, functionName: 'balanceOf', args: [who] });
    expect(await balance(alice)).toBe(12345n);
    expect(
      await revertName(
        client.simulateContract({
          address: distributor.address,
          abi: distributor.abi,
          functionName: 'claim',
          args: [1n, alice, 12345n, proofOf(0)],
          account: relayer.account!,
        }),
      ),
    ).toBe('AlreadyClaimed');
    expect(
      await revertName(
        client.simulateContract({
          address: distributor.address,
          abi: distributor.abi,
          functionName: 'claim',
          args: [1n, bob, 6000n, proofOf(1)],
          account: relayer.account!,
        }),
      ),
    ).toBe('InvalidProof');
    expect(
      await revertName(
        client.simulateContract({
          address: distributor.address,
          abi: distributor.abi,
          functionName: 'claim',
          args: [2n, bob, 600n, proofOf(1)],
          account: relayer.account!,
        }),
      ),
    ).toBe('UnknownEpoch');
    expect(
      await revertName(
        client.simulateContract({
          address: distributor.address,
          abi: distributor.abi,
          functionName: 'publish',
          args: [2n, tree.root, 1n],
          account: relayer.account!,
        }),
      ),
    ).toBe('NotPublisher');
    await write(distributor, 'claim', [1n, bob, 600n, proofOf(1)], relayer);
    await write(distributor, 'claim', [1n, carol, 1n, proofOf(2)], relayer);
    expect([await balance(bob), await balance(carol), await balance(distributor.address)]).toEqual([600n, 1n, 0n]);
  });
});
