import { isAddress } from 'viem';
import { AnchorChain } from '../api/src/anchoring/anchor-chain.js';
import { ChainWriter } from '../api/src/chain/chain-writer.js';
import { loadConfigFromEnvironment, requireUrl } from '../api/src/config/config.js';
import { DistributorChain } from '../api/src/rewards/epochs/distributor-chain.js';

// `npm run deploy:contracts [-- --reward-token 0x…]`: deploys the AnchorRegistry to RPC_URL /
// CHAIN_ID from CHAIN_SIGNER_KEY (which becomes its only anchorer) and prints the address for
// ANCHOR_REGISTRY_ADDRESS; with a reward token, also a RewardDistributor paying that ERC-20 with
// the same key as its publisher, for REWARD_DISTRIBUTOR_ADDRESS.
export async function deployContracts(options: { rewardToken?: string } = {}): Promise<number> {
  const config = loadConfigFromEnvironment();
  requireUrl(config.chain.rpcUrl, 'RPC_URL');
  if (!config.chain.signerKey) {
    process.stderr.write('CHAIN_SIGNER_KEY is required: the key the worker will anchor with\n');
    return 64;
  }
  if (options.rewardToken !== undefined && !isAddress(options.rewardToken, { strict: false })) {
    process.stderr.write(`--reward-token ${options.rewardToken} is not an address\n`);
    return 64;
  }
  const writer = new ChainWriter(config);
  const chain = new AnchorChain(writer);
  const actual = await (await chain.publicClient()).getChainId();
  if (actual !== chain.chainId) {
    process.stderr.write(`RPC_URL serves chain ${actual}, but CHAIN_ID is ${chain.chainId}\n`);
    return 65;
  }
  process.stderr.write(`deploying AnchorRegistry to chain ${actual} with anchorer ${await chain.anchorer()}…\n`);
  const deployed = await chain.deployRegistry();
  process.stdout.write(`ANCHOR_REGISTRY_ADDRESS=${deployed.address}\n`);
  process.stderr.write(`transaction ${deployed.txHash}, block ${deployed.blockNumber}\n`);
  if (options.rewardToken) {
    const token = options.rewardToken as `0x${string}`;
    if (!(await writer.hasCode(token))) {
      process.stderr.write(`--reward-token ${token} holds no contract on chain ${actual}\n`);
      return 65;
    }
    process.stderr.write(`deploying RewardDistributor for token ${token} with publisher ${await writer.address()}…\n`);
    const distributor = await new DistributorChain(writer).deployDistributor(token);
    process.stdout.write(`REWARD_DISTRIBUTOR_ADDRESS=${distributor.address}\n`);
    process.stderr.write(`transaction ${distributor.txHash}, block ${distributor.blockNumber}\n`);
  }
  return 0;
}
