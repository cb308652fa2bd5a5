import { signUp, upload as uploadFiles } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

// A design's versions as lists and loaders read them (without their manifests), and the fields
// that show the manifest, read for exactly the versions asked about.

let platform: Awaited<ReturnType<typeof startPlatform>>;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

const upload = async (token: string, files: Record<string, string>) => (await uploadFiles(platform, token, files)).cid;

async function publish(token: string, input: Record<string, unknown>) {
  const res = await platform.gql<{ publishDesignVersion: { id: string; cid: string; design: { id: string } } }>(
    `mutation($input: PublishDesignVersionInput!) { publishDesignVersion(input: $input) { id cid design { id } } }`,
    { input },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.publishDesignVersion;
}

const MANIFEST_FIELDS = 'title description parts { name process } bom { name quantity } files { path } notes';

describe('design versions over GraphQL', () => {
  it('gives each design its newest version, with the fields its manifest holds', async () => {
    const token = await signUp(platform, 'Noor');
    const word = `lv${Date.now().toString(36)}`;
    const first = await publish(token, {
      title: `${word} drying rack`,
      description: 'The first rack.',
      rootCid: await upload(token, { 'rack.svg': '<svg/>' }),
      license: { hardware: 'CERN-OHL-S-2.0' },
      parts: [{ name: 'Side', process: 'laser' }],
    });
    const second = await publish(token, {
      designId: first.design.id,
      title: `${word} drying rack`,
      description: 'A taller rack.',
      version: '2.0',
      rootCid: await upload(token, { 'rack-tall.svg': '<svg/>', 'README.md': 'Taller.' }),
      license: { hardware: 'CERN-OHL-S-2.0' },
      parts: [
        { name: 'Tall side', process: 'laser' },
        { name: 'Hook', process: '3DP' },
      ],
      bom: [{ name: 'Hook', quantity: 4 }],
    });
    const other = await publish(token, {
      title: `${word} seed tray`,
      rootCid: await upload(token, { 'tray.stl': 'solid tray' }),
      license: { hardware: 'CC0-1.0' },
    });

    // The catalogue's cheap selection: no manifest field at all.
    const lean = await platform.gql<{ designs: { edges: Array<{ node: { id: string; latestVersion: { cid: string } } }> } }>(
      `query($f: DesignFilter) { designs(filter: $f, first: 10) { edges { node { id latestVersion { cid licenseClass } } } } }`,
      { f: { text: word } },
    );
    expect(lean.errors).toBeUndefined();
    const latest = new Map(lean.data!.designs.edges.map((e) => [e.node.id, e.node.latestVersion.cid]));
    expect(latest).toEqual(
      new Map([
        [first.design.id, second.cid],
        [other.design.id, other.cid],
      ]),
    );

    // Every manifest field, for several designs in one response.
    const full = await platform.gql<{ designs: { edges: Array<{ node: { id: string; latestVersion: unknown } }> } }>(
      `query($f: DesignFilter) { designs(filter: $f, first: 10) { edges { node { id latestVersion { cid ${MANIFEST_FIELDS} } } } } }`,
      { f: { text: word } },
    );
    expect(full.errors).toBeUndefined();
    const byDesign = new Map(full.data!.designs.edges.map((e) => [e.node.id, e.node.latestVersion]));
    expect(byDesign.get(first.design.id)).toEqual({
      cid: second.cid,
      title: `${word} drying rack`,
      description: 'A taller rack.',
      parts: [
        { name: 'Tall side', process: 'LASER_CUTTING' },
        { name: 'Hook', process: 'THREE_D_PRINTING' },
      ],
      bom: [{ name: 'Hook', quantity: 4 }],
      files: [{ path: 'README.md' }, { path: 'rack-tall.svg' }],
      notes: [],
    });
    expect(byDesign.get(other.design.id)).toEqual({
      cid: other.cid,
      title: `${word} seed tray`,
      description: null,
      parts: [],
      bom: [],
      files: [{ path: 'tray.stl' }],
      notes: [],
    });

    // A design's versions, newest first, each with its own manifest.
    const history = await platform.gql<{ design: { versions: { edges: Array<{ node: unknown }> } } }>(
      `query($id: ID!) { design(id: $id) { versions(first: 10) { edges { node { id description parts { name } files { path } } } } } }`,
      { id: first.design.id },
    );
    expect(history.errors).toBeUndefined();
    expect(history.data!.design.versions.edges.map((e) => e.node)).toEqual([
      {
        id: second.id,
        description: 'A taller rack.',
        parts: [{ name: 'Tall side' }, { name: 'Hook' }],
        files: [{ path: 'README.md' }, { path: 'rack-tall.svg' }],
      },
      { id: first.id, description: 'The first rack.', parts: [{ name: 'Side' }], files: [{ path: 'rack.svg' }] },
    ]);
  });

  it('shows the manifest of a remixed version read through its remix', async () => {
    const token = await signUp(platform, 'Ravi');
    const base = await publish(token, {
      title: 'Hinge',
      description: 'A printed hinge.',
      rootCid: await upload(token, { 'hinge.stl': 'solid hinge' }),
      license: { hardware: 'CERN-OHL-P-2.0' },
      parts: [{ name: 'Leaf', process: '3DP', material: 'petg' }],
    });
    const remix = await publish(token, {
      title: 'Wide hinge',
      rootCid: await upload(token, { 'wide.stl': 'solid wide' }),
      license: { hardware: 'CERN-OHL-P-2.0' },
      derivativeOf: [{ versionCid: base.cid, shareBps: 1000 }],
    });
    const res = await platform.gql<{ designVersion: unknown }>(
      `query($cid: String!) { designVersion(cid: $cid) { description parents { version { cid description parts { name material } files { path } } } } }`,
      { cid: remix.cid },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.designVersion).toEqual({
      description: null,
      parents: [
        {
          version: {
            cid: base.cid,
            description: 'A printed hinge.',
            parts: [{ name: 'Leaf', material: 'petg' }],
            files: [{ path: 'hinge.stl' }],
          },
        },
      ],
    });
  });
});
