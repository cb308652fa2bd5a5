// Who is asking. Resolved once per request from the Authorization header.
export interface Viewer {
  accountId: string;
  // The sign-in session behind the token (absent for viewers made by the CLI or the worker).
  sessionId?: string;
}

// Why a presented token was not accepted (so guarded calls can say "expired").
export type TokenProblem = 'EXPIRED' | 'INVALID' | 'REVOKED';

export interface RequestAuth {
  viewer: Viewer | null;
  tokenProblem?: TokenProblem;
}

export function tokenProblemMessage(problem: RequestAuth['tokenProblem']): string | undefined {
  switch (problem) {
    case 'EXPIRED':
      return 'Your session has expired. Sign in again.';
    case 'REVOKED':
      return 'This session has ended (signed out, or the account is gone). Sign in again.';
    case 'INVALID':
      return 'The token is not valid. Sign in again.';
    default:
      return undefined;
  }
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}
