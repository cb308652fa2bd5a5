import { startPlatform } from '../support/http.js';
import type { Platform } from '../support/e2e-scenario.js';

// The API serves the built web app: every page path opens the app's shell, the API's own paths stay the API's.
describe('the web app served by the API', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform.close());

  const get = (path: string) => fetch(`${platform.baseUrl}${path}`, { headers: { accept: 'text/html' } });

  it.each(['/', '/contributions', '/governance', '/designs/some-design', '/treasury'])(
    'opens %s as a page when loaded directly',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root"></div>');
    },
  );

  it('leaves the API’s paths to the API', async () => {
    const car = await get('/contributions/not-a-record');
    expect(car.status).toBe(400);
    expect(await car.text()).not.toContain('<div id="root">');
    expect((await get('/health')).headers.get('content-type')).toContain('application/json');
  });

  it('serves the build’s hashed assets for a year and answers HEAD like GET without a body', async () => {
    const shell = await (await get('/')).text();
    const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
    expect(asset).toBeDefined();
    const res = await fetch(`${platform.baseUrl}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const head = await fetch(`${platform.baseUrl}${asset}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers a missing file, or a path that climbs out of the build, with 404 and never the app’s shell', async () => {
    for (const path of ['/assets/missing-0000.js', '/%2e%2e/package.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json']) {
      const res = await get(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('<div id="root">');
    }
  });
});
