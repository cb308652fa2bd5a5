import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/config.js';
import { ChainClient } from './chain.client.js';

// A JSON-RPC node on loopback whose answers each test sets.
let server: Server;
let url: string;
// null: no answer at all, as from a node that hangs.
let answer: (body: { method: string; id: number }, req: IncomingMessage) => { status?: number; json: unknown } | null;
const seen: Array<{ method: string; authorization?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { method: string; id: number };
      seen.push({ method: body.method, authorization: req.headers.authorization });
      const reply = answer(body, req);
      if (!reply) return;
      const { status = 200, json } = reply;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
  answer = ({ method, id }) => ({ json: { jsonrpc: '2.0', id, result: method === 'eth_chainId' ? '0x7a69' : '0x1f' } });
});

const client = (chain: { rpcUrl?: string; chainId?: number }) => new ChainClient({ chain } as AppConfig);

describe('ChainClient.ping', () => {
  it('answers the chain id and head from eth_chainId and eth_blockNumber', async () => {
    await expect(client({ rpcUrl: url, chainId: 31337 }).ping()).resolves.toEqual({ chainId: 31337, blockNumber: '31' });
    expect(seen.map((s) => s.method).sort()).toEqual(['eth_blockNumber', 'eth_chainId']);
  });

  it('refuses a node serving another chain than CHAIN_ID', async () => {
    await expect(client({ rpcUrl: url, chainId: 1 }).ping()).rejects.toThrow('RPC_URL serves chain 31337, but CHAIN_ID is 1');
  });

  it('takes any chain when CHAIN_ID is not set', async () => {
    await expect(client({ rpcUrl: url }).ping()).resolves.toMatchObject({ chainId: 31337 });
  });

  it('reports a JSON-RPC error with its message', async () => {
    answer = ({ id }) => ({ json: { jsonrpc: '2.0', id, error: { code: -32601, message: 'method not found' } } });
    const err = await client({ rpcUrl: url })
      .ping()
      .catch((e: Error) => e);
    expect(err).toMatchObject({
      name: 'RpcRequestError',
      message: expect.stringMatching(/^RPC Request failed\.[\s\S]*Details: method not found$/),
    });
  });

  it('reports an HTTP error with its status', async () => {
    answer = () => ({ status: 503, json: { error: 'overloaded' } });
    const err = await client({ rpcUrl: url })
      .ping()
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'HttpRequestError', message: expect.stringMatching(/^HTTP request failed\.\n\nStatus: 503\n/) });
  });

  it('reports a node that does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await client({ rpcUrl: `http://127.0.0.1:${port}` })
      .ping()
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'HttpRequestError', message: expect.stringContaining('Details: fetch failed') });
  });

  it('sends credentials in the URL as Basic authentication, and names the URL without them', async () => {
    answer = ({ id }) => ({ status: 500, json: { jsonrpc: '2.0', id } });
    const withCredentials = url.replace('http://', 'http://user:secret@');
    const err = await client({ rpcUrl: withCredentials })
      .ping()
      .catch((e: Error) => e);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('user:secret').toString('base64')}`);
    expect((err as Error).message).toContain(`URL: ${url}`);
    expect((err as Error).message).not.toContain('secret');
  });

  it('needs RPC_URL', async () => {
    await expect(client({}).ping()).rejects.toThrow(/RPC_URL/);
  });

  it('stops waiting when the caller aborts', async () => {
    answer = () => null;
    const abort = new AbortController();
    const pending = client({ rpcUrl: url }).ping(abort.signal);
    await new Promise((r) => setTimeout(r, 100));
    abort.abort(new Error('health check timed out'));
    await expect(pending).rejects.toThrow('health check timed out');
  });
});
