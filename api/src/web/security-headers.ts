import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

// Third parties the web app reaches from the browser: map tiles and the address lookup.
const TILES = 'https://tile.openstreetmap.org';
const GEOCODER = 'https://nominatim.openstreetmap.org';

// Security headers on every response (helmet: the maintained set, run on the raw Node response in
// Fastify's first hook, so even a 404 or a router error carries them): a Content Security
// Policy the web app runs under, nosniff, no framing by other sites, a strict referrer policy, no
// X-Powered-By. HSTS only over TLS (directly or behind a trusted proxy): over plain HTTP it would
// mean nothing, and on localhost it would outlive the development server.
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const base = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', TILES],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", GEOCODER],
        'media-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') reply.raw.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    base(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
}

// What the gateway serves was uploaded by someone: on this origin it must never run as a page of
// the app. `sandbox` gives an HTML or SVG document an opaque origin with scripts, forms and
// popups off, so it cannot read the app's storage or act with its session (as the public IPFS
// gateways' path mode does); nosniff stops a browser from guessing a type we did not send. The
// bytes themselves are public and content-addressed: any site may embed them.
export const GATEWAY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "sandbox; default-src 'none'; img-src 'self' data: blob:; media-src 'self'; style-src 'unsafe-inline'; font-src 'self' data:",
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
};
