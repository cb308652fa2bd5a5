// Compiles contracts/*.sol with the pinned solc-js and writes contracts/artifacts/<Name>.json
// (ABI, creation and runtime bytecode). The output is reproducible: same compiler, same
// settings, no metadata hash, so a test can recompile and compare with the committed artifact.
// Usage: node scripts/compile-contracts.mjs [--check]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'contracts');
export const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  // Supported by anvil and by Gnosis, Optimism and Base.
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none', appendCBOR: false },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

export function compileContracts() {
  const sources = Object.fromEntries(
    readdirSync(DIR)
      .filter((f) => f.endsWith('.sol'))
      .map((f) => [f, { content: readFileSync(join(DIR, f), 'utf8') }]),
  );
  const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS })));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const artifacts = {};
  for (const [file, contracts] of Object.entries(output.contracts)) {
    for (const [name, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object) continue; // interfaces: nothing to deploy
      artifacts[name] = {
        contractName: name,
        source: `contracts/${file}`,
        compiler: `solc ${solc.version()}`,
        evmVersion: SETTINGS.evmVersion,
        optimizer: SETTINGS.optimizer,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      };
    }
  }
  return artifacts;
}

export const artifactText = (a) => `${JSON.stringify(a, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, artifact] of Object.entries(compileContracts())) {
    const file = join(DIR, 'artifacts', `${name}.json`);
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        // No committed artifact yet: it differs from any fresh compile.
      }
      if (committed !== artifactText(artifact)) {
        console.error(`${file} differs from a fresh compile: run npm run contracts:build`);
        stale++;
      }
    } else {
      writeFileSync(file, artifactText(artifact));
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
