import { createPublicClient, createWalletClient, decodeEventLog, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { loadAnchorRegistry } from '../../api/src/anchoring/anchor-registry.js';
import { ANVIL_DEV_KEY } from '../../api/src/infra/embedded/embedded.js';

// The registry on this run's chain (the embedded anvil, or RPC_URL's).
const transport = http(process.env.TEST_RPC_URL!);
const chain = {
  id: Number(process.env.TEST_CHAIN_ID),
  name: 'test',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [process.env.TEST_RPC_URL!] } },
};
const publicClient = createPublicClient({ chain, transport });
const anchorer = privateKeyToAccount(ANVIL_DEV_KEY);
// anvil's second well-known development account.
const stranger = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const { abi, bytecode } = loadAnchorRegistry();

async function deploy(): Promise<Hex> {
  const wallet = createWalletClient({ account: anchorer, chain, transport });
  const hash = await wallet.deployContract({ abi, bytecode, args: [anchorer.address] });
  return (await publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
}

const root = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;

describe('AnchorRegistry on an EVM chain', () => {
  it('records a root once, with its block and an event, only from the anchorer', async () => {
    const address = await deploy();
    const wallet = createWalletClient({ account: anchorer, chain, transport });
    const r = root(Date.now());
    const hash = await wallet.writeContract({ address, abi, functionName: 'anchor', args: [r, 1024n] });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    const [log] = receipt.logs.map((l) => decodeEventLog({ abi, data: l.data, topics: l.topics }));
    expect(log).toMatchObject({ eventName: 'Anchored', args: { root: r, records: 1024n, anchorer: anchorer.address } });
    expect(await publicClient.readContract({ address, abi, functionName: 'anchoredAt', args: [r] })).toBe(receipt.blockNumber);

    await expect(publicClient.simulateContract({ account: anchorer, address, abi, functionName: 'anchor', args: [r, 1n] })).rejects.toThrow(
      /AlreadyAnchored/,
    );
    await expect(
      publicClient.simulateContract({ account: stranger, address, abi, functionName: 'anchor', args: [root(7), 1n] }),
    ).rejects.toThrow(/NotAnchorer/);
    expect(await publicClient.readContract({ address, abi, functionName: 'anchoredAt', args: [root(7)] })).toBe(0n);
  });
});
