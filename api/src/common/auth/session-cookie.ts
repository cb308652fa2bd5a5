import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';
import { bearerToken } from './viewer.js';

// The web app's session: the same signed token the API hands to scripts, kept in an HttpOnly,
// SameSite=Strict cookie so no page script (nor a page uploaded to the gateway) can read it, and
// no other site can send it.
export const SESSION_COOKIE = 'cosmolocal_session';

// Who the request speaks for: an Authorization bearer token first (API clients, scripts), else
// the session cookie (the web app).
export function requestToken(req: Pick<Request, 'headers'>): { token?: string; via?: 'bearer' | 'cookie' } {
  const bearer = bearerToken(req.headers.authorization);
  if (bearer) return { token: bearer, via: 'bearer' };
  const header = req.headers.cookie;
  if (!header) return {};
  const token = parse(header)[SESSION_COOKIE];
  return token ? { token, via: 'cookie' } : {};
}

export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: expiresAt }),
  );
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: new Date(0) }),
  );
}
