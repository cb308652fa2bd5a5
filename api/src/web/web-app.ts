import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { WEB_DIST } from '../common/paths.js';

// The API's own paths; everything else that a browser navigates to is the web app. The API only
// serves files below /contributions/ (record exports); /contributions itself is a page.
const API_PATHS = /^\/(?:(?:graphql|api|ipfs|health|ready|metrics|admin|openapi\.json)(?:\/|$)|contributions\/.)/;

// Serves the built web app (web/dist, from `npm run build`): hashed assets cached for a year, and
// index.html (never cached) for any page path, so a link to /designs/… opens the app there.
export function webApp(dir = WEB_DIST) {
  const built = existsSync(join(dir, 'index.html'));
  const assetsDir = join(dir, 'assets');
  const files = express.static(dir, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader('cache-control', path.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    if (!built) {
      if (req.path !== '/') return next();
      res
        .type('html')
        .send(
          '<!doctype html><title>Cosmolocal</title><p>The web app is not built: run <code>npm run build</code>. The GraphQL API is at <a href="/graphql">/graphql</a>.</p>',
        );
      return;
    }
    files(req, res, () => {
      // A page, not a file: the app's shell.
      if (/\.[a-z0-9]+$/i.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(join(dir, 'index.html'), (err) => err && next(err));
    });
  };
}
