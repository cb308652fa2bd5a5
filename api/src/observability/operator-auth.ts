import { timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Lets through requests bearing `Authorization: Bearer <token>`; others get 401.
export function bearerAuth(token: string): onRequestHookHandler {
  return (request, reply, done) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (given && same(given, token)) return done();
    void reply.code(401).header('www-authenticate', 'Bearer').type('text/plain; charset=utf-8').send('unauthorized\n');
  };
}

// Lets through requests bearing the operator's basic-auth pair (a browser asks for it); others get 401.
export function basicAuth(user: string, password: string): onRequestHookHandler {
  return (request, reply, done) => {
    const encoded = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '')?.[1];
    const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    // Both halves are compared, whatever the first says, so timing tells nothing about either.
    const userOk = colon >= 0 && same(decoded.slice(0, colon), user);
    const passwordOk = colon >= 0 && same(decoded.slice(colon + 1), password);
    if (userOk && passwordOk) return done();
    void reply
      .code(401)
      .header('www-authenticate', 'Basic realm="cosmolocal operators", charset="UTF-8"')
      .type('text/plain; charset=utf-8')
      .send('unauthorized\n');
  };
}
