import { signUp, upload } from '../support/e2e-scenario.js';
import { federatedInstances, followAccepted, type Platform } from '../support/federation.js';
import { until } from '../support/wait.js';

const CREATE = 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }';
const PUBLISH = 'mutation($input: PublishDesignVersionInput!) { publishDesignVersion(input: $input) { cid } }';
const FILES = 'query($c: String!) { designVersion(cid: $c) { files { path cid } origin { local instance } } }';

// Three instances, each with its own database, worker and IPFS node. B mirrors a design of A and
// remixes it; then A goes away. C follows B: mirroring B's remix brings the whole lineage's blocks,
// A's design included, from B's node, so A's bytes outlive A.
describe('a design outlives its instance', () => {
  const instances = federatedInstances();
  const platforms: Platform[] = [];
  beforeAll(async () => {
    for (const label of ['fed3_a', 'fed3_b', 'fed3_c'])
      platforms.push(await instances.start(label, { worker: true, env: { IPFS_LISTEN: '/ip4/127.0.0.1/tcp/0' } }));
  }, 180_000);
  afterAll(() => instances.stopAll());

  it('serves A’s files from C after A stopped, fetched from B’s mirror by CID', async () => {
    const [a, b, c] = platforms as [Platform, Platform, Platform];
    const tokens = await Promise.all([signUp(a, 'a'), signUp(b, 'b'), signUp(c, 'c')]);
    const [hill, coast, shore] = await Promise.all(
      [a, b, c].map(
        async (p, i) =>
          (await p.gql(CREATE, { i: { name: `Lab ${i}`, kind: 'COOPERATIVE', handle: `lab_${i}` } }, tokens[i])).data!.createOrganization
            .id as string,
      ),
    );
    await followAccepted(b, tokens[1], coast!, `@lab_0@${new URL(a.baseUrl).host}`);
    const files = await upload(a, tokens[0], { 'frame.svg': '<svg>only on A</svg>' });
    const original = (
      await a.gql(
        PUBLISH,
        { input: { organizationId: hill, title: 'Outliving Frame', rootCid: files.cid, license: { hardware: 'CERN-OHL-S-2.0' } } },
        tokens[0],
      )
    ).data!.publishDesignVersion.cid as string;
    await until('mirrored on B', async () => (await b.gql(FILES, { c: original })).data?.designVersion ?? null, 30_000);
    const remixFiles = await upload(b, tokens[1], { 'frame.svg': '<svg>remixed on B</svg>' });
    const remix = (
      await b.gql(
        PUBLISH,
        {
          input: {
            organizationId: coast,
            title: 'Outliving Frame, coastal',
            rootCid: remixFiles.cid,
            license: { hardware: 'CERN-OHL-S-2.0' },
            derivativeOf: [{ versionCid: original, shareBps: 2000, relation: 'DERIVATIVE_OF' }],
          },
        },
        tokens[1],
      )
    ).data!.publishDesignVersion.cid as string;

    // A goes away for good.
    await a.close();
    expect(
      await fetch(`${a.baseUrl}/health`).then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');

    await followAccepted(c, tokens[2], shore!, `@lab_1@${new URL(b.baseUrl).host}`);
    const onC = await until('the remix mirrored on C', async () => (await c.gql(FILES, { c: remix })).data?.designVersion ?? null, 30_000);
    expect(onC.origin).toEqual({ local: false, instance: new URL(b.baseUrl).host });
    // A's file, by the CID A's manifest gave it, from C's own store.
    const aFile = (await b.gql(FILES, { c: original })).data!.designVersion.files[0];
    const served = await fetch(`${c.baseUrl}/ipfs/${aFile.cid}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('<svg>only on A</svg>');
  }, 120_000);
});
