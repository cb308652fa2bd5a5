import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ config: testConfig({ CORS_ORIGINS: 'https://partner.example.org' }) });
});
afterAll(() => platform.close());

const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { token expiresAt account { id } } }';

async function post(body: object, headers: Record<string, string> = {}, base = platform.baseUrl) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('cosmolocal_session='));

describe('the web session', () => {
  it('is an HttpOnly, SameSite=Strict cookie that authenticates like the bearer token and ends at sign-out', async () => {
    const email = uniqueEmail('cookie');
    const { res, body } = await post({ query: REGISTER, variables: { i: { email, password: PASSWORD, name: 'Cookie' } } });
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure over TLS
    const pair = cookie.split(';')[0]!;
    expect(pair.split('=')[1]).toBe(body.data.register.token);

    const me = await post({ query: '{ me { id } }' }, { cookie: pair });
    expect(me.body.data.me.id).toBe(body.data.register.account.id);

    const out = await post({ query: 'mutation { signOut }' }, { cookie: pair });
    expect(out.body.data.signOut).toBe(1);
    expect(sessionCookie(out.res)).toMatch(/cosmolocal_session=;.*Expires=Thu, 01 Jan 1970/);
    // The old cookie and the token it carried both stopped working on the server.
    expect((await post({ query: '{ me { id } }' }, { cookie: pair })).body.data.me).toBeNull();
    const guarded = await post({ query: 'mutation { signOut }' }, { authorization: `Bearer ${body.data.register.token}` });
    expect(guarded.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(guarded.body.errors?.[0]?.message).toMatch(/session has ended/);
  });

  it('signs out everywhere', async () => {
    const email = uniqueEmail('everywhere');
    const first = (await platform.gql(REGISTER, { i: { email, password: PASSWORD, name: 'Everywhere' } })).data!.register.token as string;
    const login = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
    const second = (await platform.gql(login, { e: email, p: PASSWORD })).data!.login.token as string;
    expect((await platform.gql('mutation { signOut(everywhere: true) }', {}, second)).data).toEqual({ signOut: 2 });
    expect((await platform.gql('{ me { id } }', {}, first)).data).toEqual({ me: null });
  });

  it('refuses cookie-authenticated uploads posted by another site', async () => {
    const { res } = await post({ query: REGISTER, variables: { i: { email: uniqueEmail('csrf'), password: PASSWORD, name: 'Csrf' } } });
    const pair = sessionCookie(res)!.split(';')[0]!;
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob(['x']), 'x.txt');
      return f;
    };
    const foreign = await fetch(`${platform.baseUrl}/api/uploads`, {
      method: 'POST',
      body: form(),
      headers: { cookie: pair, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${platform.baseUrl}/api/uploads`, {
      method: 'POST',
      body: form(),
      headers: { cookie: pair, origin: platform.baseUrl },
    });
    expect(own.status).toBe(201);
  });
});

describe('sign-in limits', () => {
  it('limits sign-ins and registrations per client address, not per account', async () => {
    const limited = await startPlatform({
      config: testConfig({
        AUTH_RATE_LIMIT_PER_MINUTE: '3',
        TRUST_PROXY: 'loopback',
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-limits`,
      }),
    });
    try {
      const email = uniqueEmail('limited');
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const login = (ip: string, password: string) =>
        post(
          {
            query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { expiresAt } }',
            variables: { e: email, p: password },
          },
          from(ip),
          limited.baseUrl,
        );
      expect(
        (
          await post(
            { query: REGISTER, variables: { i: { email, password: PASSWORD, name: 'Limited' } } },
            from('203.0.113.7'),
            limited.baseUrl,
          )
        ).body.data.register,
      ).toBeTruthy();
      expect((await login('203.0.113.7', 'wrong guess one')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await login('203.0.113.7', 'wrong guess two')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const blocked = await login('203.0.113.7', PASSWORD);
      expect(blocked.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      // The account's owner, elsewhere, signs in.
      expect((await login('198.51.100.20', PASSWORD)).body.data.login.expiresAt).toBeTruthy();
    } finally {
      await limited.close();
    }
  });
});

describe('security headers', () => {
  it('puts the web app under a content security policy, without X-Powered-By or HSTS over plain HTTP', async () => {
    const res = await fetch(`${platform.baseUrl}/`, { headers: { accept: 'text/html' } });
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // The API's answers carry them too.
    const api = await post({ query: '{ __typename }' });
    expect(api.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.res.headers.get('x-powered-by')).toBeNull();
  });

  it('sends HSTS when served over TLS through a trusted proxy', async () => {
    const proxied = await startPlatform({ config: testConfig({ TRUST_PROXY: 'loopback' }) });
    try {
      const res = await fetch(`${proxied.baseUrl}/health`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      // …and a proxy it does not trust cannot claim TLS.
      const direct = await fetch(`${platform.baseUrl}/health`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(direct.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await proxied.close();
    }
  });

  it('answers CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${platform.baseUrl}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('https://partner.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://partner.example.org');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight('https://elsewhere.example.org');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('isolates gateway content: sandboxed, never sniffed', async () => {
    const token = (await platform.gql(REGISTER, { i: { email: uniqueEmail('gw'), password: PASSWORD, name: 'Gw' } })).data!.register
      .token as string;
    const f = new FormData();
    f.append('file', new Blob(['<script>alert(1)</script>']), 'page.html');
    f.append('file', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>']), 'image.svg');
    const up = (await (
      await fetch(`${platform.baseUrl}/api/uploads`, { method: 'POST', body: f, headers: { authorization: `Bearer ${token}` } })
    ).json()) as { cid: string };
    for (const path of ['', '/page.html', '/image.svg', '/missing.html']) {
      const res = await fetch(`${platform.baseUrl}/ipfs/${up.cid}${path}`);
      expect(res.headers.get('content-security-policy')).toMatch(/^sandbox;/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('errors', () => {
  it('sends no stack trace unless GRAPHQL_DEBUG is on', async () => {
    const { body } = await post({ query: '{ nope }' });
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  });

  it.each([
    ['a non-UUID id', 'query($id: ID!) { settlement(jobId: $id) { id } }', { id: 'not-a-uuid' }, 'INVALID_ID'],
    [
      'a non-UUID id inside an input',
      'mutation($i: CreateProposalInput!) { createProposal(input: $i) { id } }',
      { i: { organizationId: "1' OR '1'='1", kind: 'TEXT', title: 'x', body: 'y' } },
      'INVALID_ID',
    ],
    ['a NUL byte', 'query($id: String!) { contribution(id: $id) { id } }', { id: 'bafy\u0000x' }, 'NUL_CHARACTER'],
    ['an underflowing float', 'query { facilitiesNear(lat: 52.5, lon: 13.4, radiusKm: 1e-320) { totalCount } }', {}, 'OUT_OF_RANGE'],
  ])('answers %s with BAD_USER_INPUT', async (_label, query, variables, reason) => {
    const token = (await platform.gql(REGISTER, { i: { email: uniqueEmail('typed'), password: PASSWORD, name: 'Typed' } })).data!.register
      .token as string;
    const res = await platform.gql(query, variables, token);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(JSON.stringify(res.errors)).not.toMatch(/SELECT|syntax for type|stacktrace/i);
  });
});
