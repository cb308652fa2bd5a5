import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { PROJECT_ROOT } from '../common/paths.js';

// The compiled contracts (contracts/*.sol, built by npm run contracts:build).
export interface ContractArtifact {
  contractName: string;
  compiler: string;
  evmVersion: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
}

export const ANCHOR_REGISTRY_ARTIFACT = join(PROJECT_ROOT, 'contracts', 'artifacts', 'AnchorRegistry.json');

export function loadArtifact(name: 'AnchorRegistry' | 'RewardDistributor' | 'TestToken'): ContractArtifact {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'contracts', 'artifacts', `${name}.json`), 'utf8')) as ContractArtifact;
}

export function loadAnchorRegistry(): ContractArtifact {
  return loadArtifact('AnchorRegistry');
}
