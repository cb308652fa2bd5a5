import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';

let platform: Awaited<ReturnType<typeof startPlatform>>;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

async function designer(name: string) {
  const res = await platform.gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email: uniqueEmail(name), password: PASSWORD, name },
  });
  return res.data!.register.token;
}

async function upload(token: string, files: Record<string, string>) {
  const body = new FormData();
  for (const [name, text] of Object.entries(files)) body.append('file', new Blob([text]), name);
  const res = await fetch(`${platform.baseUrl}/api/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { cid: string }).cid;
}

const PUBLISH = `mutation($input: PublishDesignVersionInput!) {
  publishDesignVersion(input: $input) { id cid rootCid title licenseClass license { hardware documentation } files { path cid size } design { id } }
}`;

const VERSION = `query($cid: String!) {
  designVersion(cid: $cid) {
    title version description licenseClass
    parts { id process material outerDimensionsMm { x y z } toleranceClass }
    bom { name quantity unit partId }
    parents { shareBps relation version { title } }
    ancestors(depth: 5) { depth version { title } }
    descendants(depth: 5) { depth version { title } }
    publishedBy { name }
    design { title latestVersion { title } versions(first: 10) { totalCount edges { node { title } } } }
  }
}`;

describe('designs over GraphQL', () => {
  it('publishes a design from an upload, remixes it, and reads the lineage both ways', async () => {
    const ada = await designer('Ada');
    const lin = await designer('Lin');
    const rootCid = await upload(ada, { 'cad/frame.step': 'ISO-10303-21;', 'README.md': 'A laser-cut frame.' });
    const published = await platform.gql(
      PUBLISH,
      {
        input: {
          title: 'Laser-cut Frame',
          description: 'Birch plywood frame.',
          version: '1.0',
          rootCid,
          license: { hardware: 'CERN-OHL-W-2.0', documentation: 'CC-BY-4.0' },
          parts: [
            {
              id: 'side',
              name: 'Side panel',
              material: 'birch plywood',
              process: 'laser',
              outerDimensionsMm: { x: 300, y: 200, z: 6 },
              toleranceClass: 'c',
            },
          ],
          bom: [
            { name: 'Side panel', quantity: 2, partId: 'side' },
            { name: 'M3 bolt', quantity: 8, unit: 'pcs' },
          ],
        },
      },
      ada,
    );
    expect(published.errors).toBeUndefined();
    const base = published.data!.publishDesignVersion;
    expect(base).toMatchObject({
      rootCid,
      licenseClass: 'SHARE_ALIKE',
      license: { hardware: 'CERN-OHL-W-2.0', documentation: 'CC-BY-4.0' },
    });
    expect(base.files.map((f: { path: string }) => f.path)).toEqual(['README.md', 'cad/frame.step']);

    const remixRoot = await upload(lin, { 'cad/frame-tall.step': 'ISO-10303-21; tall' });
    const remix = await platform.gql(
      PUBLISH,
      {
        input: {
          title: 'Tall Frame',
          rootCid: remixRoot,
          license: { hardware: 'CERN-OHL-W-2.0' },
          derivativeOf: [{ versionCid: base.cid, shareBps: 2500 }],
        },
      },
      lin,
    );
    expect(remix.errors).toBeUndefined();

    const v = (await platform.gql(VERSION, { cid: remix.data!.publishDesignVersion.cid })).data!.designVersion;
    expect(v.parents).toEqual([{ shareBps: 2500, relation: 'DERIVATIVE_OF', version: { title: 'Laser-cut Frame' } }]);
    expect(v.ancestors).toEqual([{ depth: 1, version: { title: 'Laser-cut Frame' } }]);
    expect(v.publishedBy).toEqual({ name: 'Lin' });

    const b = (await platform.gql(VERSION, { cid: base.cid })).data!.designVersion;
    expect(b).toMatchObject({
      version: '1.0',
      description: 'Birch plywood frame.',
      parts: [
        {
          id: 'side',
          process: 'LASER_CUTTING',
          material: 'birch plywood',
          outerDimensionsMm: { x: 300, y: 200, z: 6 },
          toleranceClass: 'c',
        },
      ],
      bom: [
        { name: 'Side panel', quantity: 2, unit: 'pcs', partId: 'side' },
        { name: 'M3 bolt', quantity: 8, unit: 'pcs', partId: null },
      ],
      descendants: [{ depth: 1, version: { title: 'Tall Frame' } }],
      design: { title: 'Laser-cut Frame', latestVersion: { title: 'Laser-cut Frame' }, versions: { totalCount: 1 } },
    });

    // The version's manifest is on the gateway as a dag-cbor block.
    const manifest = await fetch(`${platform.baseUrl}/ipfs/${base.cid}?format=raw`);
    expect(manifest.status).toBe(200);
  });

  it('finds published designs in the catalogue', async () => {
    const token = await designer('Finder');
    const word = `qx${Date.now().toString(36)}`;
    const rootCid = await upload(token, { 'a.txt': word });
    await platform.gql(
      PUBLISH,
      { input: { title: `${word} solar dryer`, rootCid, license: { hardware: 'CC0-1.0' }, parts: [{ name: 'Frame', process: 'laser' }] } },
      token,
    );
    const res = await platform.gql(
      `query($f: DesignFilter) { designs(filter: $f, first: 5) { totalCount edges { cursor node { title latestVersion { licenseClass } } } pageInfo { hasNextPage } } }`,
      { f: { text: `${word} dryers`, process: 'LASER_CUTTING', licenseClasses: ['ALLOWED'] } },
    );
    expect(res.data!.designs).toMatchObject({
      totalCount: 1,
      edges: [{ node: { title: `${word} solar dryer`, latestVersion: { licenseClass: 'ALLOWED' } } }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('answers mistakes with typed errors that name the field', async () => {
    const token = await designer('Eve');
    const rootCid = await upload(token, { 'a.txt': 'a' });
    const over = await platform.gql(
      PUBLISH,
      { input: { title: 'X', rootCid, license: { hardware: 'MIT' }, parts: [{ name: 'P', process: 'teleportation' }] } },
      token,
    );
    expect(over.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parts[0].process' });
    const anonymous = await platform.gql(PUBLISH, { input: { title: 'X', rootCid, license: { hardware: 'MIT' } } });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const missing = await platform.gql(VERSION, { cid: 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' });
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const garbage = await platform.gql(VERSION, { cid: 'hello' });
    expect(garbage.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CID' });

    // A remix that would drop its parent's non-commercial terms is refused, naming the parent.
    const nc = (await platform.gql(PUBLISH, { input: { title: 'NC Shelf', rootCid, license: { hardware: 'CC-BY-NC-4.0' } } }, token)).data!
      .publishDesignVersion;
    const laundered = await platform.gql(
      PUBLISH,
      {
        input: {
          title: 'Shelf remix',
          rootCid,
          license: { hardware: 'CC-BY-4.0' },
          derivativeOf: [{ versionCid: nc.cid, shareBps: 1000 }],
        },
      },
      token,
    );
    expect(laundered.data).toBeNull();
    expect(laundered.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'license.hardware',
      reason: 'LICENCE_INCOMPATIBLE',
      incompatibility: 'NON_COMMERCIAL',
      parentCid: nc.cid,
      parentLicence: 'CC-BY-NC-4.0',
    });
  });
});
