import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { PROJECT_ROOT } from '../common/paths.js';

// The compiled AnchorRegistry (contracts/AnchorRegistry.sol, built by npm run contracts:build).
export interface ContractArtifact {
  contractName: string;
  compiler: string;
  evmVersion: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
}

export const ANCHOR_REGISTRY_ARTIFACT = join(PROJECT_ROOT, 'contracts', 'artifacts', 'AnchorRegistry.json');

export function loadAnchorRegistry(): ContractArtifact {
  return JSON.parse(readFileSync(ANCHOR_REGISTRY_ARTIFACT, 'utf8')) as ContractArtifact;
}
