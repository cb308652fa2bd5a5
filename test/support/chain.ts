import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
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

export { rpc };
