import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startEmbedded } from '../../api/src/infra/embedded/embedded.js';

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

// A fresh signer with 1,000 ETH on the test chain: each test gets its own nonces, so tests
// sending transactions in parallel never collide.
export async function fundedSignerKey(rpcUrl = process.env.TEST_RPC_URL!): Promise<`0x${string}`> {
  const key = generatePrivateKey();
  await rpc(rpcUrl, 'anvil_setBalance', [privateKeyToAccount(key).address, '0x3635c9adc5dea00000']);
  return key;
}

// A private anvil that can be restarted without its state on the same port, as a devnet or a
// developer's anvil is (the chain forgets every contract and transaction and gets a new genesis).
// Its signer is anvil's funded development key.
export async function restartableChain(chainId: number) {
  const start = (port?: number) =>
    startEmbedded({ dataDir: mkdtempSync(join(tmpdir(), 'cosmolocal-reset-')), services: ['chain'], chainId, ports: { anvil: port } });
  let chain = await start();
  let startedAt = Date.now();
  const url = chain.rpcUrl!;
  return {
    url,
    signerKey: chain.signerKey!,
    restartWithoutState: async () => {
      await chain.stop();
      // The genesis block is stamped in whole seconds: a restart within the same second as the last
      // start would make the very same genesis, and the chain would not look new.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1100 - (Date.now() - startedAt))));
      chain = await start(Number(new URL(url).port));
      startedAt = Date.now();
    },
    stop: () => chain.stop(),
  };
}

export { rpc };
