import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';

const TOKEN_KEY = 'cosmolocal.token';

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  set(token: string | null) {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
    window.dispatchEvent(new Event('cosmolocal:session'));
  },
};

// A GraphQL error the API meant for people: its code (BAD_USER_INPUT, FORBIDDEN, CONFLICT…), the
// field it is about and the reason, when it says.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export async function request<R, V>(document: TadaDocumentNode<R, V>, variables?: V, init?: { signal?: AbortSignal }): Promise<R> {
  const token = session.token();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    signal: init?.signal,
  });
  const body = (await res.json().catch(() => ({}))) as { data?: R; errors?: Array<{ message: string; extensions?: { code?: string; field?: string; reason?: string } }> };
  if (body.errors?.length) {
    const e = body.errors[0]!;
    if (e.extensions?.code === 'UNAUTHENTICATED' && token) session.set(null); // an expired session
    throw new ApiError(e.message, e.extensions?.code ?? 'ERROR', e.extensions?.field, e.extensions?.reason);
  }
  if (!res.ok || !body.data) throw new ApiError(`The server answered ${res.status}.`, 'NETWORK');
  return body.data;
}
