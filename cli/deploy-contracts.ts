import { AnchorChain } from '../api/src/anchoring/anchor-chain.js';
import { loadConfigFromEnvironment, requireUrl } from '../api/src/config/config.js';

// `npm run deploy:contracts`: deploys the AnchorRegistry to RPC_URL / CHAIN_ID from CHAIN_SIGNER_KEY
// (which becomes its only anchorer) and prints the address for ANCHOR_REGISTRY_ADDRESS.
export async function deployContracts(): Promise<number> {
  const config = loadConfigFromEnvironment();
  requireUrl(config.chain.rpcUrl, 'RPC_URL');
  if (!config.chain.signerKey) {
    process.stderr.write('CHAIN_SIGNER_KEY is required: the key the worker will anchor with\n');
    return 64;
  }
  const chain = new AnchorChain(config);
  const actual = await chain.client.getChainId();
  if (actual !== chain.chainId) {
    process.stderr.write(`RPC_URL serves chain ${actual}, but CHAIN_ID is ${chain.chainId}\n`);
    return 65;
  }
  process.stderr.write(`deploying AnchorRegistry to chain ${actual} with anchorer ${chain.anchorer}…\n`);
  const deployed = await chain.deployRegistry();
  process.stdout.write(`ANCHOR_REGISTRY_ADDRESS=${deployed.address}\n`);
  process.stderr.write(`transaction ${deployed.txHash}, block ${deployed.blockNumber}\n`);
  return 0;
}
