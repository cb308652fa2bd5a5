import type { TokenCheck } from '../../identity/token.service.js';

// Who is asking. Resolved once per request from the Authorization header.
export interface Viewer {
  accountId: string;
}

export interface RequestAuth {
  viewer: Viewer | null;
  // Why a presented token was not accepted (so guarded calls can say "expired").
  tokenProblem?: Exclude<TokenCheck, { ok: true }>['reason'];
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}
