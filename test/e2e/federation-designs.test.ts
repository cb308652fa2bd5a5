import { JobQueue } from '../../api/src/jobs/job-queue.service.js';
import { QueueName } from '../../api/src/jobs/queues.js';
import { FederationService } from '../../api/src/federation/federation.service.js';
import { signUp, upload } from '../support/e2e-scenario.js';
import { federatedInstances, followAccepted, type Platform } from '../support/federation.js';
import { until } from '../support/wait.js';

const CREATE = 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id handle } }';
const FOLLOW = 'mutation($o: ID!, $t: String!) { follow(organizationId: $o, target: $t) { id status } }';
const FOLLOWS = 'query($o: ID!) { organizationFollows(organizationId: $o) { id status } }';
const PUBLISH = 'mutation($input: PublishDesignVersionInput!) { publishDesignVersion(input: $input) { id cid rootCid design { id } } }';
const SEARCH = `query($f: DesignFilter) { designs(filter: $f, first: 20) { totalCount edges { node { id title origin { local instance actorUrl }
  latestVersion { cid rootCid publishedBy { name } origin { local instance url } files { path cid } license { hardware } parents { shareBps version { cid } } } } } } }`;
const DELIVERIES =
  'query($o: ID!, $s: DeliveryStatus) { organizationDeliveries(organizationId: $o, status: $s) { activityType status attempts inboxUrl } }';

// Two instances with their own databases, workers and content stores, on loopback. B's co-op
// follows A's; what A's co-op publishes reaches B as a signed Create, B fetches every block of the
// version from A and re-hashes it, and the design is then in B's catalogue, marked with its origin.
// A remix B's co-op publishes of it travels back to A (which follows B) and shows there as a
// descendant with its share.
describe('designs across instances', () => {
  const instances = federatedInstances();
  let a: Platform;
  let b: Platform;
  beforeAll(async () => {
    const ipfs = { IPFS_LISTEN: '/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/tcp/0/ws' };
    a = await instances.start('fedd_a', { worker: true, env: ipfs });
    b = await instances.start('fedd_b', { worker: true, env: ipfs });
  }, 120_000);
  afterAll(() => instances.stopAll());

  it('mirrors a followed co-op’s design version with its files, and a remix travels back with its lineage', async () => {
    const aToken = await signUp(a, 'a admin');
    const bToken = await signUp(b, 'b admin');
    const hill = (await a.gql(CREATE, { i: { name: 'Hill Fab', kind: 'COOPERATIVE', handle: 'hill_fab' } }, aToken)).data!
      .createOrganization;
    const coast = (await b.gql(CREATE, { i: { name: 'Coast Makers', kind: 'COOPERATIVE', handle: 'coast_makers' } }, bToken)).data!
      .createOrganization;
    const aHost = new URL(a.baseUrl).host;
    const bHost = new URL(b.baseUrl).host;
    await followAccepted(b, bToken, coast.id, `@hill_fab@${aHost}`);

    const files = await upload(a, aToken, { 'cut/panel.svg': '<svg>hill</svg>', 'README.md': '# Seed drawer\nCut and glue.' });
    const published = await a.gql(
      PUBLISH,
      {
        input: {
          organizationId: hill.id,
          title: 'Seed Drawer Federated',
          description: 'A drawer for seed libraries.',
          rootCid: files.cid,
          license: { hardware: 'CERN-OHL-S-2.0' },
          parts: [{ id: 'panel', name: 'panel', process: 'LASER_CUTTING', material: 'plywood' }],
        },
      },
      aToken,
    );
    expect(published.errors).toBeUndefined();
    const version = published.data!.publishDesignVersion;

    const remote = await until(
      'the design searchable on B',
      async () =>
        (await b.gql(SEARCH, { f: { text: 'seed drawer', origin: 'REMOTE' } })).data!.designs.edges.find(
          (e: { node: { latestVersion: { cid: string } } }) => e.node.latestVersion.cid === version.cid,
        )?.node ?? null,
      30_000,
    );
    expect(remote.origin).toEqual({ local: false, instance: aHost, actorUrl: `${a.baseUrl}/ap/actors/${hill.id}` });
    expect(remote.latestVersion).toMatchObject({
      cid: version.cid,
      rootCid: version.rootCid,
      publishedBy: null,
      origin: { local: false, instance: aHost, url: `${a.baseUrl}/ap/design-versions/${version.id}` },
      license: { hardware: 'CERN-OHL-S-2.0' },
    });
    expect(remote.latestVersion.files.map((f: { path: string }) => f.path).sort()).toEqual(['README.md', 'cut/panel.svg']);
    // Every block came by bitswap from A's IPFS node (found through A's NodeInfo), not A's gateway.
    const nodeinfo = (await (await fetch(`${a.baseUrl}/nodeinfo/2.1`)).json()) as {
      metadata: { ipfs: { peerId: string; addresses: string[] } };
    };
    expect(nodeinfo.metadata.ipfs.peerId).toMatch(/^12D3Koo/);
    const mirrored = await b.api.get(JobQueue).queue(QueueName.FederationInbound).getJob(`mirror-${version.cid}`);
    // The manifest, the root folder, cut/ and the two files.
    expect(mirrored?.returnvalue).toMatchObject({ cid: version.cid, created: true, fetched: 5 });
    expect(mirrored!.returnvalue.byBitswap).toBe(mirrored!.returnvalue.fetched);
    // The bytes are B's own now (fetched from A, re-hashed): B's gateway serves them.
    const readme = remote.latestVersion.files.find((f: { path: string }) => f.path === 'README.md');
    const served = await fetch(`${b.baseUrl}/ipfs/${readme.cid}`);
    expect([served.status, served.status === 200 ? '' : await served.clone().text()]).toEqual([200, '']);
    expect(await served.text()).toBe('# Seed drawer\nCut and glue.');
    // LOCAL leaves it out; on A it is local.
    const localOnB = (await b.gql(SEARCH, { f: { text: 'seed drawer', origin: 'LOCAL' } })).data!.designs;
    expect(localOnB.totalCount).toBe(0);
    expect((await a.gql(SEARCH, { f: { origin: 'LOCAL' } })).data!.designs.edges[0].node.origin).toEqual({
      local: true,
      instance: null,
      actorUrl: null,
    });
    expect((await a.gql(DELIVERIES, { o: hill.id }, aToken)).data!.organizationDeliveries).toEqual([
      { activityType: 'Create', status: 'DELIVERED', attempts: 1, inboxUrl: `${b.baseUrl}/ap/inbox` },
    ]);

    // A follows B back; B's co-op remixes the mirrored design, crediting it 30 %.
    await followAccepted(a, aToken, hill.id, `@coast_makers@${bHost}`);
    const remixFiles = await upload(b, bToken, { 'cut/panel.svg': '<svg>coast</svg>' });
    const remix = await b.gql(
      PUBLISH,
      {
        input: {
          organizationId: coast.id,
          title: 'Seed Drawer Coastal Remix',
          rootCid: remixFiles.cid,
          license: { hardware: 'CERN-OHL-S-2.0' },
          derivativeOf: [{ versionCid: version.cid, shareBps: 3000, relation: 'DERIVATIVE_OF' }],
        },
      },
      bToken,
    );
    expect(remix.errors).toBeUndefined();
    const remixCid = remix.data!.publishDesignVersion.cid;
    const onA = await until(
      'the remix on A',
      async () => (await a.gql(SEARCH, { f: { text: 'coastal remix', origin: 'REMOTE' } })).data!.designs.edges[0]?.node ?? null,
      30_000,
    );
    expect(onA.latestVersion).toMatchObject({ cid: remixCid, parents: [{ shareBps: 3000, version: { cid: version.cid } }] });
    const descendants = await a.gql('query($c: String!) { designVersion(cid: $c) { descendants { version { cid origin { local } } } } }', {
      c: version.cid,
    });
    expect(descendants.data!.designVersion.descendants).toEqual([{ version: { cid: remixCid, origin: { local: false } } }]);
  }, 120_000);

  it('refuses what it did not ask for or cannot verify: unsigned, unsolicited or misattributed design activities', async () => {
    const aToken = await signUp(a, 'a other admin');
    const bToken = await signUp(b, 'b other admin');
    const quiet = (await a.gql(CREATE, { i: { name: 'Quiet Lab', kind: 'COOPERATIVE', handle: 'quiet_lab' } }, aToken)).data!
      .createOrganization;
    const loud = (await a.gql(CREATE, { i: { name: 'Loud Lab', kind: 'COOPERATIVE', handle: 'loud_lab' } }, aToken)).data!
      .createOrganization;
    const dunes = (await b.gql(CREATE, { i: { name: 'Dune Works', kind: 'COOPERATIVE', handle: 'dune_works' } }, bToken)).data!
      .createOrganization;
    await followAccepted(b, bToken, dunes.id, `@loud_lab@${new URL(a.baseUrl).host}`);
    const files = await upload(a, aToken, { 'plan.txt': 'quiet plan' });
    const published = await a.gql(
      PUBLISH,
      { input: { organizationId: quiet.id, title: 'Quiet Stool', rootCid: files.cid, license: { hardware: 'CERN-OHL-S-2.0' } } },
      aToken,
    );
    const version = published.data!.publishDesignVersion;
    const federation = a.api.get(FederationService);
    const ctx = await federation.outbound();
    const vocab = await federation.vocab();
    const document = (attributedTo: string) =>
      new vocab.Document({
        id: new URL(`/ap/design-versions/${version.id}`, a.baseUrl),
        attribution: ctx.getActorUri(attributedTo),
        name: 'Quiet Stool',
        contexts: [new URL(`/ap/designs/${version.design.id}`, a.baseUrl)],
        urls: [new vocab.Link({ href: new URL(`ipfs://${version.cid}`), mediaType: 'application/vnd.ipld.dag-cbor' })],
      });
    const create = (actor: string, attributedTo: string) =>
      new vocab.Create({
        id: new URL(`#create-${Math.random()}`, ctx.getActorUri(actor)),
        actor: ctx.getActorUri(actor),
        object: document(attributedTo),
      });
    const recipient = { id: new URL(`/ap/actors/${dunes.id}`, b.baseUrl), inboxId: new URL('/ap/inbox', b.baseUrl) };
    const mirrorJob = () => b.api.get(JobQueue).queue(QueueName.FederationInbound).getJob(`mirror-${version.cid}`);

    // Unsigned: refused by the inbox itself.
    const unsigned = await fetch(`${b.baseUrl}/ap/inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/activity+json' },
      body: JSON.stringify(await create(loud.id, loud.id).toJsonLd()),
    });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    // Signed by an organization nobody on B follows.
    await ctx.sendActivity({ identifier: quiet.id }, recipient, create(quiet.id, quiet.id), { immediate: true });
    // Signed by a followed organization, but the object is another actor's.
    await ctx.sendActivity({ identifier: loud.id }, recipient, create(loud.id, quiet.id), { immediate: true });
    expect(await mirrorJob()).toBeUndefined();
    expect((await b.gql(SEARCH, { f: { text: 'quiet stool' } })).data!.designs.totalCount).toBe(0);

    // The same object, attributed to and signed by the followed organization, is taken.
    await ctx.sendActivity({ identifier: loud.id }, recipient, create(loud.id, loud.id), { immediate: true });
    const taken = await until(
      'the design mirrored on B',
      async () => (await b.gql(SEARCH, { f: { text: 'quiet stool' } })).data!.designs.edges[0]?.node ?? null,
      30_000,
    );
    expect(taken.origin).toMatchObject({ local: false, actorUrl: `${a.baseUrl}/ap/actors/${loud.id}` });
  }, 60_000);

  it('catches up with what a co-op published before it was followed, from its outbox', async () => {
    const aToken = await signUp(a, 'archive admin');
    const bToken = await signUp(b, 'reader admin');
    const archive = (await a.gql(CREATE, { i: { name: 'Archive Lab', kind: 'COOPERATIVE', handle: 'archive_lab' } }, aToken)).data!
      .createOrganization;
    const reader = (await b.gql(CREATE, { i: { name: 'Reader Co-op', kind: 'COOPERATIVE', handle: 'reader_coop' } }, bToken)).data!
      .createOrganization;
    const cids: string[] = [];
    for (const n of [1, 2, 3]) {
      const files = await upload(a, aToken, { 'sheet.txt': `archive sheet ${n}` });
      const published = await a.gql(
        PUBLISH,
        { input: { organizationId: archive.id, title: `Archive Crate ${n}`, rootCid: files.cid, license: { hardware: 'CERN-OHL-P-2.0' } } },
        aToken,
      );
      cids.push(published.data!.publishDesignVersion.cid);
    }
    // Nobody followed it: nothing was sent.
    expect((await a.gql(DELIVERIES, { o: archive.id }, aToken)).data!.organizationDeliveries).toEqual([]);
    // Its outbox lists the three Creates, newest first, to anyone.
    const outbox = await (
      await fetch(`${a.baseUrl}/ap/actors/${archive.id}/outbox`, { headers: { accept: 'application/activity+json' } })
    ).json();
    expect(outbox).toMatchObject({ type: 'OrderedCollection' });

    await followAccepted(b, bToken, reader.id, `@archive_lab@${new URL(a.baseUrl).host}`);
    const found = await until(
      'the archive mirrored on B',
      async () => {
        const edges = (await b.gql(SEARCH, { f: { text: 'archive crate', origin: 'REMOTE' } })).data!.designs.edges;
        return edges.length === 3 ? edges : null;
      },
      30_000,
    );
    expect(found.map((e: { node: { latestVersion: { cid: string } } }) => e.node.latestVersion.cid).sort()).toEqual([...cids].sort());
  }, 60_000);

  it('lets a co-op approve its followers and block actors, and an operator defederate an instance', async () => {
    const aToken = await signUp(a, 'gate admin');
    const bToken = await signUp(b, 'asker admin');
    const gate = (await a.gql(CREATE, { i: { name: 'Gate Lab', kind: 'COOPERATIVE', handle: 'gate_lab' } }, aToken)).data!
      .createOrganization;
    const asker = (await b.gql(CREATE, { i: { name: 'Asker Co-op', kind: 'COOPERATIVE', handle: 'asker_coop' } }, bToken)).data!
      .createOrganization;
    const aHost = new URL(a.baseUrl).host;
    const askerActor = `${b.baseUrl}/ap/actors/${asker.id}`;
    const followers = async () =>
      (await a.gql('query($o: ID!) { organizationFollowers(organizationId: $o) { actorUrl status } }', { o: gate.id }, aToken)).data!
        .organizationFollowers;
    const followStatus = async () => (await b.gql(FOLLOWS, { o: asker.id }, bToken)).data!.organizationFollows[0]?.status;

    expect(
      (await a.gql('mutation($o: ID!) { setFollowApproval(organizationId: $o, required: true) }', { o: gate.id }, aToken)).data,
    ).toEqual({ setFollowApproval: true });
    const actor = (await (
      await fetch(`${a.baseUrl}/ap/actors/${gate.id}`, { headers: { accept: 'application/activity+json' } })
    ).json()) as {
      manuallyApprovesFollowers?: boolean;
    };
    expect(actor.manuallyApprovesFollowers).toBe(true);
    expect((await b.gql(FOLLOW, { o: asker.id, t: `@gate_lab@${aHost}` }, bToken)).data!.follow.status).toBe('PENDING');
    expect(await followers()).toEqual([{ actorUrl: askerActor, status: 'PENDING' }]);
    const ANSWER =
      'mutation($o: ID!, $u: String!, $y: Boolean!) { answerFollower(organizationId: $o, actorUrl: $u, accept: $y) { status } }';
    expect((await a.gql(ANSWER, { o: gate.id, u: askerActor, y: true }, aToken)).data!.answerFollower).toEqual({ status: 'ACCEPTED' });
    await until('the follow accepted', async () => (await followStatus()) === 'ACCEPTED' || null, 10_000);
    expect((await a.gql(ANSWER, { o: gate.id, u: askerActor, y: true }, aToken)).errors![0]!.extensions).toMatchObject({
      reason: 'NOT_PENDING',
    });

    // Blocked: the follower is gone on A, B's follow is over, and nothing new is sent to it.
    const BLOCK = 'mutation($o: ID!, $u: String!) { blockActor(organizationId: $o, actorUrl: $u) }';
    expect((await a.gql(BLOCK, { o: gate.id, u: askerActor }, aToken)).data!.blockActor).toEqual([askerActor]);
    expect(await followers()).toEqual([]);
    await until('the follow ended on B', async () => (await followStatus()) === 'REJECTED' || null, 10_000);
    const files = await upload(a, aToken, { 'gate.txt': 'gate' });
    await a.gql(
      PUBLISH,
      { input: { organizationId: gate.id, title: 'Gate Hinge', rootCid: files.cid, license: { hardware: 'CERN-OHL-P-2.0' } } },
      aToken,
    );
    expect((await b.gql(FOLLOW, { o: asker.id, t: `@gate_lab@${aHost}` }, bToken)).data!.follow.status).toMatch(/PENDING|REJECTED/);
    await until('the new follow refused', async () => (await followStatus()) === 'REJECTED' || null, 10_000);
    expect(await followers()).toEqual([]);
    expect((await a.gql(DELIVERIES, { o: gate.id }, aToken)).data!.organizationDeliveries).toEqual([]);

    // An instance whose operator blocked A's host neither follows A nor shows A's designs.
    const c = await instances.start('fedd_c', { env: { FEDERATION_BLOCKED_HOSTS: aHost } });
    const cToken = await signUp(c, 'c admin');
    const shore = (await c.gql(CREATE, { i: { name: 'Shore Lab', kind: 'COOPERATIVE', handle: 'shore_lab' } }, cToken)).data!
      .createOrganization;
    expect((await c.gql(FOLLOW, { o: shore.id, t: `@hill_fab@${aHost}` }, cToken)).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'BLOCKED_INSTANCE',
    });
  }, 60_000);
});
