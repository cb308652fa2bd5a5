import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WEB_DIST } from '../common/paths.js';

// The API's own paths; everything else that a browser navigates to is the web app. The API only
// serves files below /contributions/ (record exports); /contributions itself is a page.
const API_PATHS = /^\/(?:(?:graphql|api|ipfs|health|ready|metrics|admin|openapi\.json)(?:\/|$)|contributions\/.)/;

const NOT_BUILT =
  '<!doctype html><title>Cosmolocal</title><p>The web app is not built: run <code>npm run build</code>. The GraphQL API is at <a href="/graphql">/graphql</a>.</p>';

// Serves the built web app (web/dist, from `npm run build`) with @fastify/static: hashed assets
// cached for a year, and index.html (never cached) for any page path, so a link to /designs/…
// opens the app there. A catch-all route: every route the API registers is more specific and wins.
export async function installWebApp(fastify: FastifyInstance, dir = WEB_DIST): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  const assetsDir = join(dir, 'assets');
  await fastify.register(fastifyStatic, {
    root: dir,
    serve: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (API_PATHS.test(path)) return reply.callNotFound();
    if (!built) return path === '/' ? reply.type('text/html; charset=utf-8').send(NOT_BUILT) : reply.callNotFound();
    // A file of the build (a missing one is a 404), or a page: the app's shell.
    if (/\.[a-z0-9]+$/i.test(path)) {
      const file = decoded(path.slice(1));
      return file === undefined ? reply.callNotFound() : reply.sendFile(file);
    }
    if (!acceptsHtml(request.headers.accept)) return reply.callNotFound();
    return reply.sendFile('index.html');
  };
  // GET, and HEAD with it (Fastify answers HEAD for every GET route).
  fastify.get('/*', handler);
}

function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

// As a browser navigating asks: no Accept header, or one that takes HTML.
function acceptsHtml(accept: string | undefined): boolean {
  return !accept || /(?:^|[,\s])(?:text\/html|text\/\*|\*\/\*)/.test(accept);
}
