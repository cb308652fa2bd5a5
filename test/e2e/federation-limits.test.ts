import { testConfig } from '../support/config.js';
import { freePort, startPlatform } from '../support/http.js';

// What other instances may send: bodies of at most 256 KB, and at most
// FEDERATION_INBOX_RATE_PER_MINUTE posts to the inboxes per peer address; past it, 429 with
// Retry-After. Neither stops the process: it answers the next request.
describe('limits on incoming activities', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  beforeAll(async () => {
    const port = await freePort();
    platform = await startPlatform({
      port,
      config: testConfig({
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        FEDERATION_INSECURE_HTTP: 'true',
        FEDERATION_INBOX_RATE_PER_MINUTE: '3',
      }),
    });
  });
  afterAll(() => platform.close());

  const post = (body: string) =>
    fetch(`${platform.baseUrl}/ap/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body });

  it('refuses oversized bodies, then more posts than the rate allows, and keeps answering', async () => {
    const oversized = await post(JSON.stringify({ type: 'Create', content: 'x'.repeat(300 * 1024) }));
    expect(oversized.status).toBe(413);
    const activity = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'Create', actor: 'http://127.0.0.1:9/a' });
    // Unsigned: refused by the inbox (4xx), but counted (the oversized body was refused before).
    for (let i = 0; i < 3; i++) {
      const res = await post(activity);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).not.toBe(429);
    }
    const limited = await post(activity);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // Reading is not limited, and the process still answers.
    expect((await fetch(`${platform.baseUrl}/.well-known/nodeinfo`)).status).toBe(200);
    expect((await fetch(`${platform.baseUrl}/health`)).status).toBe(200);
  });
});
