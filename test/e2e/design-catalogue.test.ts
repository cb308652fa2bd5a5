import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';

// The catalogue reads each design's latest version with its page and hands it to the request's
// loaders; a design read on its own loads the same fields one by one. Both must answer alike.

let platform: Awaited<ReturnType<typeof startPlatform>>;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

async function register(name: string) {
  const res = await platform.gql<{ register: { token: string; account: { id: string } } }>(
    'mutation($i: RegisterInput!) { register(input: $i) { token account { id } } }',
    { i: { email: uniqueEmail(name.split(' ')[0]!), password: PASSWORD, name } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.register;
}

async function upload(token: string, files: Record<string, string>) {
  const body = new FormData();
  for (const [name, text] of Object.entries(files)) body.append('file', new Blob([text]), name);
  const res = await fetch(`${platform.baseUrl}/api/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { cid: string }).cid;
}

const PUBLISH = `mutation($input: PublishDesignVersionInput!) { publishDesignVersion(input: $input) { design { id } } }`;

// What the web catalogue shows of a design, and the latest version alone without its manifest.
const FULL = `id title ownerOrganization { name } ownerAccount { name email }
  latestVersion { cid description publishedAt license { hardware } licenseClass parts { process material } bom { name } notes }`;
const HEAD = `id latestVersion { cid version publishedAt licenseClass }`;

const catalogue = (node: string) =>
  `query($f: DesignFilter) { designs(filter: $f, first: 24) { totalCount totalCountCapped edges { node { ${node} } } } }`;
const one = (node: string) => `query($id: ID!) { design(id: $id) { ${node} } }`;

describe('the catalogue page', () => {
  it('shows each design as the design read on its own shows it, owners and visibility included', async () => {
    const ada = await register('Ada Catalogue');
    const lin = await register('Lin Catalogue');
    const material = `mat${Date.now().toString(36)}`;
    const org = await platform.gql<{ createOrganization: { id: string } }>(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: `Works ${material}`, kind: 'MAKERSPACE' } },
      ada.token,
    );
    const rootCid = await upload(ada.token, { 'README.md': 'A frame.' });
    const publish = async (input: Record<string, unknown>) => {
      const res = await platform.gql<{ publishDesignVersion: { design: { id: string } } }>(
        PUBLISH,
        { input: { rootCid, license: { hardware: 'CERN-OHL-S-2.0' }, ...input } },
        ada.token,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.publishDesignVersion.design.id;
    };
    const parts = [{ id: 'side', name: 'Side', process: 'laser', material }];
    const frame = await publish({ title: 'Catalogue Frame', description: 'First.', version: '1', parts });
    await publish({
      designId: frame,
      title: 'Catalogue Frame',
      description: 'Second.',
      version: '2',
      parts,
      bom: [{ name: 'Screw', quantity: 4, unit: 'pcs' }],
    });
    await publish({ title: 'Catalogue Stool', version: '1', parts, organizationId: org.data!.createOrganization.id });

    for (const node of [FULL, HEAD]) {
      for (const token of [ada.token, lin.token, undefined]) {
        const page = await platform.gql<{ designs: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(
          catalogue(node),
          { f: { material } },
          token,
        );
        expect(page.errors).toBeUndefined();
        expect(page.data!.designs.totalCount).toBe(2);
        for (const { node: shown } of page.data!.designs.edges) {
          const alone = await platform.gql<{ design: unknown }>(one(node), { id: shown.id }, token);
          expect(shown).toEqual(alone.data!.design);
        }
      }
    }

    // Ada's email is hers to see, on the catalogue page as elsewhere; the stool's owner is the organization.
    const seen = async (token?: string) =>
      (
        await platform.gql<{ designs: { edges: Array<{ node: Record<string, any> }> } }>(catalogue(FULL), { f: { material } }, token)
      ).data!.designs.edges.map((e) => e.node);
    const [stool, frameNode] = await seen(ada.token);
    expect(stool).toMatchObject({ title: 'Catalogue Stool', ownerAccount: null, ownerOrganization: { name: `Works ${material}` } });
    expect(frameNode).toMatchObject({
      title: 'Catalogue Frame',
      ownerAccount: { name: 'Ada Catalogue', email: expect.stringContaining('@') },
      latestVersion: { description: 'Second.', bom: [{ name: 'Screw' }], parts: [{ process: 'LASER_CUTTING', material }] },
    });
    expect((await seen(lin.token))[1]!.ownerAccount).toEqual({ name: 'Ada Catalogue', email: null });
    expect((await seen())[1]!.ownerAccount).toEqual({ name: 'Ada Catalogue', email: null });
  });
});
