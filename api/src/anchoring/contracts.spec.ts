import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ANCHOR_REGISTRY_ARTIFACT } from './anchor-registry.js';
// @ts-expect-error: a plain ESM build script without type declarations
import { artifactText, compileContracts } from '../../../scripts/compile-contracts.mjs';

describe('contract artifacts', () => {
  it('are what the pinned compiler makes of the sources (run npm run contracts:build after changing a contract)', () => {
    const fresh = compileContracts() as Record<string, unknown>;
    expect(Object.keys(fresh).sort()).toEqual(['AnchorRegistry', 'RewardDistributor', 'TestToken']);
    for (const name of Object.keys(fresh))
      expect([name, readFileSync(join(dirname(ANCHOR_REGISTRY_ARTIFACT), `${name}.json`), 'utf8')]).toEqual([
        name,
        artifactText(fresh[name]),
      ]);
    expect(fresh.AnchorRegistry).toMatchObject({ compiler: expect.stringMatching(/^solc 0\.8\.30\+/), evmVersion: 'cancun' });
  });
});
