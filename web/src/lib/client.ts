import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';

// The session lives in an HttpOnly cookie the API sets at sign-in: no script of ours (or of
// anyone else's) can read it, and the browser sends it with every same-origin request. The app
// only hears that it changed (signed in, out, or ended by the server) and asks again who it is.
export const session = {
  changed() {
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
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    signal: init?.signal,
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: R;
    errors?: Array<{ message: string; extensions?: { code?: string; field?: string; reason?: string } }>;
  };
  if (body.errors?.length) {
    const e = body.errors[0]!;
    if (e.extensions?.code === 'UNAUTHENTICATED') session.changed(); // the session expired or was ended
    throw new ApiError(e.message, e.extensions?.code ?? 'ERROR', e.extensions?.field, e.extensions?.reason);
  }
  if (!res.ok || !body.data) throw new ApiError(`The server answered ${res.status}.`, 'NETWORK');
  return body.data;
}
