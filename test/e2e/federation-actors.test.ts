import { exportMultibaseKey, getDocumentLoader } from '@fedify/fedify/runtime';
import { Group, lookupObject, Multikey } from '@fedify/fedify/vocab';
import { testConfig } from '../support/config.js';
import { signUp } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const CREATE = 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id handle did } }';

// The instance as other fediverse software sees it: WebFinger, NodeInfo and an organization's
// actor document, read by Fedify's own client (an independent ActivityPub implementation used
// only as a client here) over loopback HTTP.
describe('ActivityPub actors over HTTP', () => {
  let platform: Platform;
  let host: string;
  beforeAll(async () => {
    platform = await startPlatform({ config: testConfig({ FEDERATION_INSECURE_HTTP: 'true' }) });
    host = new URL(platform.baseUrl).host;
  });
  afterAll(() => platform.close());

  it('gives each organization a handle, unique on the instance, with typed errors for a bad or taken one', async () => {
    const token = await signUp(platform, 'handle founder');
    const handle = `seed_lab_${Date.now().toString(36)}`;
    const made = await platform.gql(CREATE, { i: { name: 'Seed Lab', kind: 'COOPERATIVE', handle: `@${handle.toUpperCase()}` } }, token);
    expect(made.data!.createOrganization.handle).toBe(handle);
    const taken = await platform.gql(CREATE, { i: { name: 'Other', kind: 'COOPERATIVE', handle } }, token);
    expect(taken.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'HANDLE_TAKEN' });
    const bad = await platform.gql(CREATE, { i: { name: 'Other', kind: 'COOPERATIVE', handle: 'no-dashes' } }, token);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'handle' });
    const derived = await platform.gql(CREATE, { i: { name: 'Fábrica Común', kind: 'COOPERATIVE' } }, token);
    expect(derived.data!.createOrganization.handle).toMatch(/^fabrica_comun(_[0-9a-f]{6})?$/);
  });

  it('resolves a handle by WebFinger to a Group whose keys include the organization’s did:key', async () => {
    const token = await signUp(platform, 'fediverse founder');
    const handle = `valley_coop_${Date.now().toString(36)}`;
    const org = (await platform.gql(CREATE, { i: { name: 'Valley Co-op', kind: 'COOPERATIVE', handle } }, token)).data!.createOrganization;

    const finger = await fetch(`${platform.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${handle}@${host}`)}`);
    expect(finger.status).toBe(200);
    expect(finger.headers.get('content-type')).toContain('application/jrd+json');
    const jrd = (await finger.json()) as { subject: string; links: Array<{ rel: string; type?: string; href?: string }> };
    expect(jrd.subject).toBe(`acct:${handle}@${host}`);
    const self = jrd.links.find((l) => l.rel === 'self' && l.type === 'application/activity+json');
    expect(self?.href).toBe(`${platform.baseUrl}/ap/actors/${org.id}`);

    const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
    const actor = await lookupObject(self!.href!, { documentLoader, contextLoader: documentLoader });
    expect(actor).toBeInstanceOf(Group);
    const group = actor as Group;
    expect(group.preferredUsername?.toString()).toBe(handle);
    expect(group.name?.toString()).toBe('Valley Co-op');
    expect(group.inboxId?.href).toBe(`${platform.baseUrl}/ap/actors/${org.id}/inbox`);
    const rsa = await group.getPublicKey({ documentLoader, contextLoader: documentLoader });
    expect(rsa?.ownerId?.href).toBe(group.id?.href);
    const multikeys: Multikey[] = [];
    for await (const m of group.getAssertionMethods({ documentLoader, contextLoader: documentLoader })) multikeys.push(m);
    const encoded = await Promise.all(multikeys.map(async (m) => (m.publicKey ? exportMultibaseKey(m.publicKey) : null)));
    // FEP-521a: the Ed25519 key's multibase form is the did:key's own identifier.
    expect(encoded).toContain(org.did.slice('did:key:'.length));
    expect(multikeys.every((m) => m.controllerId?.href === group.id?.href)).toBe(true);

    // The same actor asked again gets the same keys (made once, kept sealed).
    const again = (await lookupObject(self!.href!, { documentLoader, contextLoader: documentLoader })) as Group;
    expect((await again.getPublicKey({ documentLoader, contextLoader: documentLoader }))?.id?.href).toBe(rsa?.id?.href);
  });

  it('answers NodeInfo, and refuses unknown handles and foreign hosts without an actor', async () => {
    const wellKnown = (await (await fetch(`${platform.baseUrl}/.well-known/nodeinfo`)).json()) as { links: Array<{ href: string }> };
    const info = (await (await fetch(wellKnown.links[0]!.href)).json()) as { software: { name: string }; protocols: string[] };
    expect(info.software.name).toBe('cosmolocal');
    expect(info.protocols).toEqual(['activitypub']);

    const unknown = await fetch(`${platform.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(`acct:nobody_here@${host}`)}`);
    expect(unknown.status).toBe(404);
    const missing = await fetch(`${platform.baseUrl}/ap/actors/00000000-0000-4000-8000-000000000000`, {
      headers: { accept: 'application/activity+json' },
    });
    expect(missing.status).toBe(404);
    const instance = await fetch(`${platform.baseUrl}/ap/actors/instance`, { headers: { accept: 'application/activity+json' } });
    expect(instance.status).toBe(200);
    expect(((await instance.json()) as { type: string }).type).toBe('Application');
  });
});
