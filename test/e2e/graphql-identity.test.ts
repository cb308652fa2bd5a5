import { readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { SCHEMA_FILE } from '../../api/src/common/paths.js';
import { printSortedSchema } from '../../api/src/graphql/print-schema.js';
import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';

let platform: Awaited<ReturnType<typeof startPlatform>>;

beforeAll(async () => {
  platform = await startPlatform({ worker: true });
});
afterAll(() => platform.close());

const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { token expiresAt account { id email name did } }
}`;
const CREATE_ORG = `mutation Create($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name kind did viewerRole }
}`;
const ADD_MEMBER = `mutation Add($org: ID!, $email: String!, $role: MembershipRole!) {
  addMember(organizationId: $org, email: $email, role: $role) { id role account { id name } organization { id } }
}`;

async function register(name = 'Person') {
  const email = uniqueEmail(name.toLowerCase());
  const res = await platform.gql(REGISTER, { input: { email, password: PASSWORD, name } });
  expect(res.errors).toBeUndefined();
  return { email, ...(res.data!.register as { token: string; account: { id: string } }) };
}

function codeOf(res: { errors?: Array<{ extensions?: { code?: string } }> }) {
  return res.errors?.[0]?.extensions?.code;
}

describe('GraphQL API over HTTP', () => {
  it('registers, logs in and answers me with the bearer token', async () => {
    const email = uniqueEmail('grace');
    const reg = await platform.gql(REGISTER, { input: { email, password: PASSWORD, name: 'Grace' } });
    expect(reg.data?.register).toMatchObject({ account: { email, name: 'Grace', did: expect.stringMatching(/^did:key:z6Mk/) } });

    const login = await platform.gql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token account { email } } }',
      { e: email, p: PASSWORD },
    );
    const me = await platform.gql('{ me { email name memberships { id } } }', {}, login.data!.login.token);
    expect(me.data).toEqual({ me: { email, name: 'Grace', memberships: [] } });
    expect((await platform.gql('{ me { id } }')).data).toEqual({ me: null });
  });

  it('runs the organization lifecycle with typed errors for each mistake', async () => {
    const admin = await register('Admin');
    const member = await register('Member');
    const outsider = await register('Outsider');

    const created = await platform.gql(CREATE_ORG, { input: { name: 'Ljubljana Makers', kind: 'MAKERSPACE' } }, admin.token);
    const org = created.data!.createOrganization as { id: string };
    expect(created.data!.createOrganization).toMatchObject({ name: 'Ljubljana Makers', kind: 'MAKERSPACE', viewerRole: 'ADMIN' });

    const added = await platform.gql(ADD_MEMBER, { org: org.id, email: member.email, role: 'MEMBER' }, admin.token);
    expect(added.data!.addMember).toMatchObject({ role: 'MEMBER', account: { id: member.account.id, name: 'Member' } });

    expect(codeOf(await platform.gql(ADD_MEMBER, { org: org.id, email: member.email, role: 'ADMIN' }, admin.token))).toBe('CONFLICT');
    expect(codeOf(await platform.gql(ADD_MEMBER, { org: org.id, email: outsider.email, role: 'ADMIN' }, member.token))).toBe('FORBIDDEN');
    expect(
      codeOf(
        await platform.gql(ADD_MEMBER, { org: '9b0e2a52-1f3e-4d2b-9c55-5f1c1bb0d000', email: outsider.email, role: 'MEMBER' }, admin.token),
      ),
    ).toBe('NOT_FOUND');
    expect(codeOf(await platform.gql(ADD_MEMBER, { org: org.id, email: outsider.email, role: 'MEMBER' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await platform.gql(ADD_MEMBER, { org: org.id, email: 'nobody', role: 'MEMBER' }, admin.token))).toBe('BAD_USER_INPUT');

    const members = await platform.gql(
      'query($id: ID!) { organization(id: $id) { members(first: 1) { totalCount edges { node { role account { name email } } } pageInfo { hasNextPage } } } }',
      { id: org.id },
      member.token,
    );
    expect(members.data!.organization).toEqual({
      members: {
        totalCount: 2,
        // Other people's emails stay private.
        edges: [{ node: { role: 'ADMIN', account: { name: 'Admin', email: null } } }],
        pageInfo: { hasNextPage: true },
      },
    });
  });

  it.each([
    ['malformed email', { email: 'ada@', password: PASSWORD, name: 'Ada' }, 'BAD_USER_INPUT'],
    ['weak password', { email: uniqueEmail(), password: 'qwertyuiop123', name: 'Ada' }, 'BAD_USER_INPUT'],
  ])('answers a %s with a typed error and HTTP 200, never 500', async (_label, input, code) => {
    const res = await platform.gql(REGISTER, { input });
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe(code);
    expect(res.errors![0]!.extensions).not.toHaveProperty('stacktrace', expect.arrayContaining([expect.stringContaining('node_modules')]));
  });

  it('answers a duplicate email with CONFLICT', async () => {
    const { email } = await register('Dup');
    expect(codeOf(await platform.gql(REGISTER, { input: { email, password: PASSWORD, name: 'Dup' } }))).toBe('CONFLICT');
  });

  it('refuses an unknown enum value as a bad request, not a server error', async () => {
    const admin = await register('Enum');
    const res = await platform.gql(CREATE_ORG, { input: { name: 'X Co-op', kind: 'CORPORATION' } }, admin.token);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });

  it('refuses queries beyond the depth and complexity limits', async () => {
    const deep = await platform.gql(
      '{ me { memberships { organization { members { edges { node { organization { members { edges { node { id } } } } } } } } } } }',
    );
    expect(deep.status).toBe(400);
    expect(deep.errors![0]!.message).toMatch(/nested \d+ levels deep/);

    const wide = await platform.gql(
      'query($id: ID!) { organization(id: $id) { members(first: 100) { edges { node { account { memberships { organization { members(first: 100) { totalCount } } } } } } } } }',
      { id: '9b0e2a52-1f3e-4d2b-9c55-5f1c1bb0d000' },
    );
    expect(wide.status).toBe(400);
    expect(wide.errors![0]!.message).toMatch(/complexity \d+ exceeds the limit/);
  });

  it('serves the committed schema', () => {
    const served = printSortedSchema(platform.api.get(GraphQLSchemaHost).schema);
    expect(served).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('organization activity', () => {
  const ACTIVITY = `query($id: ID!, $after: String) {
    organization(id: $id) { activity(first: 2, after: $after) {
      totalCount edges { node { action actorId subjectId role } } pageInfo { hasNextPage endCursor } } }
  }`;

  it('shows members the membership history the worker recorded, newest first, page by page', async () => {
    const admin = await register('Historian');
    const member = await register('Joiner');
    const outsider = await register('Stranger');
    const created = await platform.gql(CREATE_ORG, { input: { name: 'Archive Co-op', kind: 'COMMUNITY' } }, admin.token);
    const orgId = (created.data!.createOrganization as { id: string }).id;
    await platform.gql(ADD_MEMBER, { org: orgId, email: member.email, role: 'MEMBER' }, admin.token);
    await platform.gql(
      'mutation($i: ChangeMemberRoleInput!) { changeMemberRole(input: $i) { role } }',
      { i: { organizationId: orgId, accountId: member.account.id, role: 'TREASURER' } },
      admin.token,
    );

    // The outbox relay and the worker fill the history asynchronously.
    let page: any;
    for (let i = 0; i < 100; i++) {
      page = (await platform.gql(ACTIVITY, { id: orgId }, member.token)).data?.organization?.activity;
      if (page?.totalCount === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(page.edges.map((e: any) => e.node)).toEqual([
      { action: 'identity.member.role-changed', actorId: admin.account.id, subjectId: member.account.id, role: 'TREASURER' },
      { action: 'identity.member.added', actorId: admin.account.id, subjectId: member.account.id, role: 'MEMBER' },
    ]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = (await platform.gql(ACTIVITY, { id: orgId, after: page.pageInfo.endCursor }, member.token)).data!.organization as any;
    expect(next.activity.edges.map((e: any) => e.node.action)).toEqual(['identity.organization.created']);
    expect(next.activity.pageInfo.hasNextPage).toBe(false);

    expect(codeOf(await platform.gql(ACTIVITY, { id: orgId }, outsider.token))).toBe('FORBIDDEN');
    expect(codeOf(await platform.gql(ACTIVITY, { id: orgId }))).toBe('UNAUTHENTICATED');
  });
});

describe('production mode', () => {
  it('answers user mistakes with their code but without stack traces', async () => {
    const production = await startPlatform({ config: testConfig({ NODE_ENV: 'production', CHAIN_SIGNER_KEY: `0x${'11'.repeat(32)}` }) });
    try {
      const res = await production.gql(REGISTER, { input: { email: 'nope', password: PASSWORD, name: 'P' } });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email', reason: 'MALFORMED_EMAIL' });
      const bad = await production.gql('{ me { nope } }');
      expect(bad.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    } finally {
      await production.close();
    }
  });
});

describe('operations endpoints', () => {
  it('answers liveness and readiness of every dependency', async () => {
    const live = await fetch(`${platform.baseUrl}/health`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${platform.baseUrl}/ready`);
    const body = (await ready.json()) as { info: Record<string, { chainId?: number }> };
    expect(ready.status).toBe(200);
    expect(Object.keys(body.info).sort()).toEqual(['blockstore', 'chain', 'database', 'redis']);
    expect(body.info.chain.chainId).toBe(platform.config.chain.chainId);
  });

  it('serves the web page at /', async () => {
    const res = await fetch(platform.baseUrl);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Cosmolocal');
  });
});
