import { parse, serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from './viewer.js';

// The web app's session: the same signed token the API hands to scripts, kept in an HttpOnly,
// SameSite=Strict cookie so no page script (nor a page uploaded to the gateway) can read it, and
// no other site can send it.
export const SESSION_COOKIE = 'cosmolocal_session';

// Who the request speaks for: an Authorization bearer token first (API clients, scripts), else
// the session cookie (the web app).
export function requestToken(req: { headers: FastifyRequest['headers'] }): { token?: string; via?: 'bearer' | 'cookie' } {
  const bearer = bearerToken(req.headers.authorization);
  if (bearer) return { token: bearer, via: 'bearer' };
  const header = req.headers.cookie;
  if (!header) return {};
  const token = parse(header)[SESSION_COOKIE];
  return token ? { token, via: 'cookie' } : {};
}

// Secure whenever the request came over TLS (directly, or through a proxy TRUST_PROXY trusts).
// Fastify keeps every Set-Cookie header given, so other cookies on the same reply survive.
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.header(
    'set-cookie',
    serialize(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/',
      expires: expiresAt,
    }),
  );
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.header(
    'set-cookie',
    serialize(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/',
      expires: new Date(0),
    }),
  );
}
