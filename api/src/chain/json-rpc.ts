// One JSON-RPC call over HTTP with fetch: what /ready needs to ask the chain (eth_chainId,
// eth_blockNumber) without loading viem. Requests, timeout and errors are those of viem's http
// transport as the chain client used it (no retry, 10 s): an error names what failed, the URL
// without its credentials and the request, as viem's do.

export const RPC_TIMEOUT_MS = 10_000;

export class JsonRpcRequestError extends Error {
  constructor(
    name: 'HttpRequestError' | 'RpcRequestError' | 'TimeoutError',
    summary: string,
    details: { status?: number; url: string; body: unknown; details: string },
    options?: { cause?: unknown },
  ) {
    const meta = [details.status && `Status: ${details.status}`, `URL: ${details.url}`, `Request body: ${JSON.stringify(details.body)}`];
    super(`${summary}\n\n${meta.filter(Boolean).join('\n')}\n\nDetails: ${details.details}`, options);
    this.name = name;
  }
}

let nextId = 0;

// Credentials in the URL travel as Basic authentication, as fetch refuses them in a URL.
function parseUrl(raw: string): { url: string; headers: Record<string, string> } {
  try {
    const url = new URL(raw);
    if (!url.username) return { url: url.toString(), headers: {} };
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    url.username = '';
    url.password = '';
    return { url: url.toString(), headers: { Authorization: `Basic ${btoa(credentials)}` } };
  } catch {
    return { url: raw, headers: {} };
  }
}

export async function jsonRpc<T = unknown>(
  rawUrl: string,
  method: string,
  options: { params?: unknown[]; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const { url, headers } = parseUrl(rawUrl);
  const body = options.params ? { method, params: options.params } : { method };
  const timeout = AbortSignal.timeout(options.timeoutMs ?? RPC_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const described = { url, body };
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++nextId, ...body }),
      signal,
    });
    text = await response.text();
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted)
      throw new JsonRpcRequestError('TimeoutError', 'The request took too long to respond.', {
        ...described,
        details: 'The request timed out.',
      });
    throw new JsonRpcRequestError(
      'HttpRequestError',
      'HTTP request failed.',
      { ...described, details: (err as Error).message },
      { cause: err },
    );
  }
  let data: { result?: T; error?: unknown };
  try {
    data = JSON.parse(text || '{}') as typeof data;
  } catch (err) {
    if (response.ok) throw err;
    data = { error: text };
  }
  const rpcError = data?.error as { code?: unknown; message?: unknown } | undefined;
  const isRpcError = typeof rpcError?.code === 'number' && typeof rpcError.message === 'string';
  if (isRpcError)
    throw new JsonRpcRequestError('RpcRequestError', 'RPC Request failed.', {
      ...described,
      status: response.ok ? undefined : response.status,
      details: rpcError.message as string,
    });
  if (!response.ok)
    throw new JsonRpcRequestError('HttpRequestError', 'HTTP request failed.', {
      ...described,
      status: response.status,
      details: (data.error !== undefined ? JSON.stringify(data.error) : '') || response.statusText,
    });
  return data.result as T;
}
