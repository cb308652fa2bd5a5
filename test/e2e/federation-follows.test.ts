import { signUp } from '../support/e2e-scenario.js';
import { federatedInstances, type Platform } from '../support/federation.js';
import { until } from '../support/wait.js';

const CREATE = 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id handle } }';
const FOLLOW = 'mutation($o: ID!, $t: String!) { follow(organizationId: $o, target: $t) { id status target actorUrl } }';
const FOLLOWS = 'query($o: ID!) { organizationFollows(organizationId: $o) { id status } }';
const FOLLOWERS = 'query($o: ID!) { organizationFollowers(organizationId: $o) { actorUrl status } }';

// Two instances, each with its own database, on loopback: an organization on B follows one on A
// by its handle; A records the follower and answers Accept, signed; B's follow becomes ACCEPTED.
describe('following across instances', () => {
  const instances = federatedInstances();
  let a: Platform;
  let b: Platform;
  beforeAll(async () => {
    a = await instances.start('fed_a');
    b = await instances.start('fed_b');
  });
  afterAll(() => instances.stopAll());

  it('follows by handle, is accepted by the other instance, and unfollows', async () => {
    const aToken = await signUp(a, 'a admin');
    const bToken = await signUp(b, 'b admin');
    const hill = (await a.gql(CREATE, { i: { name: 'Hill Fab', kind: 'COOPERATIVE', handle: 'hill_fab' } }, aToken)).data!
      .createOrganization;
    const coast = (await b.gql(CREATE, { i: { name: 'Coast Makers', kind: 'COOPERATIVE', handle: 'coast_makers' } }, bToken)).data!
      .createOrganization;
    const aHost = new URL(a.baseUrl).host;

    // Bad targets: typed errors, nothing recorded.
    const unknown = await b.gql(FOLLOW, { o: coast.id, t: `@nobody@${aHost}` }, bToken);
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_ACTOR' });
    const malformed = await b.gql(FOLLOW, { o: coast.id, t: 'not a handle' }, bToken);
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TARGET' });
    const notAdmin = await b.gql(FOLLOW, { o: coast.id, t: `@hill_fab@${aHost}` }, await signUp(b, 'stranger'));
    expect(notAdmin.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await b.gql(FOLLOWS, { o: coast.id }, bToken)).data!.organizationFollows).toEqual([]);

    const followed = (await b.gql(FOLLOW, { o: coast.id, t: `@hill_fab@${aHost}` }, bToken)).data!.follow;
    expect(followed).toMatchObject({ target: `@hill_fab@${aHost}`, actorUrl: `${a.baseUrl}/ap/actors/${hill.id}` });
    await until(
      'the follow accepted',
      async () => (await b.gql(FOLLOWS, { o: coast.id }, bToken)).data!.organizationFollows[0]?.status === 'ACCEPTED' || null,
      10_000,
    );
    expect((await a.gql(FOLLOWERS, { o: hill.id }, aToken)).data!.organizationFollowers).toEqual([
      { actorUrl: `${b.baseUrl}/ap/actors/${coast.id}`, status: 'ACCEPTED' },
    ]);

    // Following again is the same follow; unfollowing removes it on both sides.
    expect((await b.gql(FOLLOW, { o: coast.id, t: `${a.baseUrl}/ap/actors/${hill.id}` }, bToken)).data!.follow.id).toBe(followed.id);
    await b.gql('mutation($f: ID!) { unfollow(followId: $f) { id } }', { f: followed.id }, bToken);
    expect((await b.gql(FOLLOWS, { o: coast.id }, bToken)).data!.organizationFollows).toEqual([]);
    await until(
      'the follower removed',
      async () => (await a.gql(FOLLOWERS, { o: hill.id }, aToken)).data!.organizationFollowers.length === 0 || null,
      10_000,
    );
  }, 60_000);

  it('refuses an activity whose signature does not verify, and stores nothing', async () => {
    const aToken = await signUp(a, 'a admin 2');
    const org = (await a.gql(CREATE, { i: { name: 'Forge', kind: 'COOPERATIVE', handle: 'forge' } }, aToken)).data!.createOrganization;
    const forged = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${b.baseUrl}/ap/actors/x#follows/forged`,
      type: 'Follow',
      actor: `${b.baseUrl}/ap/actors/instance`,
      object: `${a.baseUrl}/ap/actors/${org.id}`,
    };
    const res = await fetch(`${a.baseUrl}/ap/actors/${org.id}/inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/activity+json', signature: 'keyId="x",headers="(request-target)",signature="AAAA"' },
      body: JSON.stringify(forged),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await a.gql(FOLLOWERS, { o: org.id }, aToken)).data!.organizationFollowers).toEqual([]);
  });
});
