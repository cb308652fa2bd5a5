import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newDesignVersion, newOrganization, newUpload } from '../support/factories.js';
import { expectNothingWritten as noWrites } from '../support/no-writes.js';

let app: INestApplicationContext;
let designs: DesignsService;
let db: Database;

beforeAll(async () => {
  app = await createDomainContext();
  designs = app.get(DesignsService);
  db = app.get(Database);
});
afterAll(() => app.close());

const DESIGN_TABLES = ['designs', 'design_versions', 'design_version_parents', 'outbox_events'];
const expectNothingWritten = (action: () => Promise<unknown>, error: new (...args: never[]) => Error, field?: string) =>
  noWrites(db, DESIGN_TABLES, action, error, field);

describe('publishing design versions', () => {
  it('publishes an uploaded folder as a version named by its dag-cbor manifest', async () => {
    const designer = await newAccount(app);
    const upload = await newUpload(app, { 'cad/bracket.step': 'ISO-10303-21;', 'docs/README.md': 'Print in PETG.' });
    const version = await designs.publish(designer.viewer, {
      title: 'Wall Bracket',
      description: 'A bracket for shelves.',
      version: '1.0.0',
      rootCid: upload.rootCid,
      license: { hardware: 'CERN OHL v1.2', documentation: 'BY-SA 4.0' },
      parts: [
        {
          id: 'bracket',
          name: 'Bracket',
          material: 'PETG',
          process: '3DP',
          outerDimensionsMm: { x: 80, y: 40, z: 30 },
          toleranceClass: 'm',
        },
      ],
      bom: [
        { name: 'M4 screw', quantity: 2, unit: 'pcs', mpn: 'ISO 7380 M4x10' },
        { name: 'Bracket', quantity: 1, partId: 'bracket' },
      ],
    });
    expect(version).toMatchObject({
      rootCid: upload.rootCid,
      licenceClass: 'SHARE_ALIKE',
      licences: { hardware: 'CERN-OHL-1.2', documentation: 'CC-BY-SA-4.0' },
    });
    expect(version.manifest.files.map((f) => f.path)).toEqual(['cad/bracket.step', 'docs/README.md']);
    expect(version.manifest.parts[0]).toMatchObject({ process: 'THREE_D_PRINTING', toleranceClass: 'm' });

    const cid = CID.parse(version.cid);
    expect(cid.code).toBe(0x71); // dag-cbor
    const block = await app.get(ContentService).getDagCbor<Record<string, unknown>>(cid);
    expect(block).toMatchObject({ okhv: 'OKH-LOSHv1.0', name: 'Wall Bracket', licensor: designer.did, version: '1.0.0' });
    expect(String(block.root)).toBe(upload.rootCid);

    const events = await db.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1`, [version.designId]);
    expect(events).toEqual([
      {
        type: 'design.published',
        payload: expect.objectContaining({ agentId: designer.id, agentDid: designer.did, versionCid: version.cid, parents: [] }),
      },
    ]);
  });

  it('links separately uploaded files into the same folder CID an upload of the folder gets', async () => {
    const designer = await newAccount(app);
    const folder = await newUpload(app, { 'a/one.txt': 'one', 'a/b/two.txt': 'two', 'three.txt': 'three' });
    const version = await newDesignVersion(app, designer.viewer, { files: folder.files });
    expect(version.rootCid).toBe(folder.rootCid);
  });

  it('lets only the owner, or members of the owning organization, publish further versions', async () => {
    const owner = await newAccount(app);
    const member = await newAccount(app);
    const stranger = await newAccount(app);
    const org = await newOrganization(app, owner.viewer);
    await app.get(OrganizationsService).addMember(owner.viewer, org.id, member.email, 'MEMBER');
    const first = await newDesignVersion(app, owner.viewer, { organizationId: org.id });
    const second = await newDesignVersion(app, member.viewer, { designId: first.designId, version: '2' });
    expect(second.designId).toBe(first.designId);
    await expectNothingWritten(() => newDesignVersion(app, stranger.viewer, { designId: first.designId }), ForbiddenError);
    await expectNothingWritten(() => newDesignVersion(app, stranger.viewer, { organizationId: org.id }), ForbiddenError);
  });

  it('records remix lineage with credit shares and announces the remix', async () => {
    const a = await newAccount(app);
    const b = await newAccount(app);
    const base = await newDesignVersion(app, a.viewer, { title: 'Base' });
    const other = await newDesignVersion(app, a.viewer, { title: 'Other' });
    const remix = await newDesignVersion(app, b.viewer, {
      title: 'Remix',
      derivativeOf: [
        { versionCid: base.cid, shareBps: 3000 },
        { versionCid: other.cid, shareBps: 2000, relation: 'VARIANT_OF' },
      ],
    });
    const parents = await db.query(
      'SELECT parent_id, share_bps, relation FROM design_version_parents WHERE version_id = $1 ORDER BY share_bps DESC',
      [remix.id],
    );
    expect(parents).toEqual([
      { parent_id: base.id, share_bps: 3000, relation: 'DERIVATIVE_OF' },
      { parent_id: other.id, share_bps: 2000, relation: 'VARIANT_OF' },
    ]);
    const types = await db.query('SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY id', [remix.designId]);
    expect(types.map((t: { type: string }) => t.type)).toEqual(['design.published', 'design.remixed']);
    const ancestors = await designs.lineage(remix.id, 'ancestors', 5);
    expect(ancestors.map((e) => [e.depth, e.version.title]).sort()).toEqual([
      [1, 'Base'],
      [1, 'Other'],
    ]);
    expect((await designs.lineage(base.id, 'descendants', 5)).map((e) => e.version.title)).toEqual(['Remix']);
  });

  it.each([
    ['shares over 100 %', { derivativeOf: 'over' }, InvalidInputError, 'derivativeOf'],
    ['an unknown process', { parts: [{ name: 'Gear', process: 'alchemy' }] }, InvalidInputError, 'parts[0].process'],
    ['an unknown licence', { license: { hardware: 'do what you like' } }, InvalidInputError, 'license.hardware'],
    ['a BOM line naming no part', { bom: [{ name: 'Gear', quantity: 1, partId: 'nope' }] }, InvalidInputError, 'bom[0].partId'],
    ['a negative quantity', { bom: [{ name: 'Gear', quantity: -1 }] }, InvalidInputError, 'bom[0].quantity'],
    ['no files', { rootCid: null, files: [] }, InvalidInputError, 'files'],
    ['a root that is not a CID', { rootCid: 'not-a-cid' }, InvalidInputError, 'rootCid'],
  ])('refuses %s with a typed error naming the field, writing nothing', async (_label, overrides: any, error, field) => {
    const designer = await newAccount(app);
    const base = await newDesignVersion(app, designer.viewer);
    const input =
      overrides.derivativeOf === 'over'
        ? {
            derivativeOf: [
              { versionCid: base.cid, shareBps: 6000 },
              { versionCid: (await newDesignVersion(app, designer.viewer)).cid, shareBps: 5000 },
            ],
          }
        : overrides;
    await expectNothingWritten(() => newDesignVersion(app, designer.viewer, input), error, field);
  });

  it('refuses unknown parents, unknown content and remixes of no-derivatives designs', async () => {
    const designer = await newAccount(app);
    const missing = 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    await expectNothingWritten(
      () => newDesignVersion(app, designer.viewer, { derivativeOf: [{ versionCid: missing, shareBps: 100 }] }),
      NotFoundError,
    );
    await expectNothingWritten(
      () => newDesignVersion(app, designer.viewer, { rootCid: 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354' }),
      NotFoundError,
    );
    const nd = await newDesignVersion(app, designer.viewer, { license: { hardware: 'CC-BY-ND-4.0' } });
    await expectNothingWritten(
      () => newDesignVersion(app, designer.viewer, { derivativeOf: [{ versionCid: nd.cid, shareBps: 100 }] }),
      InvalidInputError,
      'derivativeOf[0]',
    );
  });
});

describe('remix licences', () => {
  it('refuses remixes whose licence drops a parent’s non-commercial or share-alike terms, naming the parent, and writes nothing', async () => {
    const designer = await newAccount(app);
    const remixer = await newAccount(app);
    const nc = await newDesignVersion(app, designer.viewer, { title: 'NC Lamp', license: { hardware: 'CC-BY-NC-4.0' } });
    const sa = await newDesignVersion(app, designer.viewer, { title: 'SA Board', license: { hardware: 'CERN-OHL-S-2.0' } });
    const remix = (parent: string, license: { hardware: string; documentation?: string }) =>
      newDesignVersion(app, remixer.viewer, { title: 'Remix', license, derivativeOf: [{ versionCid: parent, shareBps: 1000 }] });

    await expectNothingWritten(() => remix(nc.cid, { hardware: 'CC-BY-4.0' }), InvalidInputError, 'license.hardware');
    await expect(remix(nc.cid, { hardware: 'CC-BY-4.0' })).rejects.toMatchObject({
      details: {
        reason: 'LICENCE_INCOMPATIBLE',
        incompatibility: 'NON_COMMERCIAL',
        parentCid: nc.cid,
        parentLicence: 'CC-BY-NC-4.0',
        licence: 'CC-BY-4.0',
      },
    });
    await expectNothingWritten(() => remix(sa.cid, { hardware: 'MIT' }), InvalidInputError, 'license.hardware');
    await expect(remix(sa.cid, { hardware: 'CC-BY-SA-4.0' })).rejects.toMatchObject({
      details: { incompatibility: 'SHARE_ALIKE', parentCid: sa.cid },
    });
    // The documentation licence is held to the parent's documentation licence.
    const documented = await newDesignVersion(app, designer.viewer, {
      title: 'Documented',
      license: { hardware: 'CERN-OHL-P-2.0', documentation: 'CC-BY-SA-4.0' },
    });
    await expectNothingWritten(
      () => remix(documented.cid, { hardware: 'CERN-OHL-P-2.0', documentation: 'CC-BY-4.0' }),
      InvalidInputError,
      'license.documentation',
    );

    expect((await remix(nc.cid, { hardware: 'CC-BY-NC-SA-4.0' })).licenceClass).toBe('NON_COMMERCIAL_ONLY');
    expect((await remix(sa.cid, { hardware: 'CERN-OHL-S-2.0' })).licences.hardware).toBe('CERN-OHL-S-2.0');
  });

  it('refuses a new version of a remix that changes its licence to one a parent does not allow; the owner of the original may relicense it', async () => {
    const designer = await newAccount(app);
    const remixer = await newAccount(app);
    const nc = await newDesignVersion(app, designer.viewer, { title: 'NC Chair', license: { hardware: 'CC-BY-NC-4.0' } });
    const remix = await newDesignVersion(app, remixer.viewer, {
      title: 'Chair remix',
      license: { hardware: 'CC-BY-NC-4.0' },
      derivativeOf: [{ versionCid: nc.cid, shareBps: 2000 }],
    });
    const laundered = () =>
      newDesignVersion(app, remixer.viewer, { designId: remix.designId, title: 'Chair remix v2', license: { hardware: 'CC-BY-4.0' } });
    await expectNothingWritten(laundered, InvalidInputError, 'license.hardware');
    await expect(laundered()).rejects.toMatchObject({ details: { incompatibility: 'NON_COMMERCIAL', parentCid: nc.cid } });
    // Naming its own earlier version as a parent changes nothing.
    await expect(
      newDesignVersion(app, remixer.viewer, {
        designId: remix.designId,
        title: 'Chair remix v2',
        license: { hardware: 'CC-BY-4.0' },
        derivativeOf: [{ versionCid: remix.cid, shareBps: 0 }],
      }),
    ).rejects.toMatchObject({ details: { reason: 'LICENCE_INCOMPATIBLE' } });
    expect(
      (
        await newDesignVersion(app, remixer.viewer, {
          designId: remix.designId,
          title: 'Chair remix v2',
          license: { hardware: 'CC-BY-NC-SA-4.0' },
        })
      ).licenceClass,
    ).toBe('NON_COMMERCIAL_ONLY');
    expect(
      (
        await newDesignVersion(app, designer.viewer, {
          designId: nc.designId,
          title: 'NC Chair, now open',
          license: { hardware: 'CC-BY-4.0' },
        })
      ).licences.hardware,
    ).toBe('CC-BY-4.0');
  });
});

describe('lineage', () => {
  it('walks a 10,000-version remix chain both ways within the depth asked for', async () => {
    const designer = await newAccount(app);
    const tip = await newDesignVersion(app, designer.viewer, { title: 'Chain tip' });
    const prefix = randomBytes(4).toString('hex');
    const id = (g: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${g}), 12, '0'))::uuid`;
    // 10,000 ancestors in a line below the tip, written in bulk.
    await db.query(
      `INSERT INTO design_versions (id, design_id, cid, root_cid, title, licence_hardware, licence_class, manifest, published_by)
       SELECT ${id('g')}, $1, 'chain-${prefix}-' || g, $2, 'Chain ' || g, 'CERN-OHL-S-2.0', 'SHARE_ALIKE', '{}'::jsonb, $3
       FROM generate_series(1, 10000) AS g`,
      [tip.designId, tip.rootCid, designer.id],
    );
    await db.query(
      `INSERT INTO design_version_parents (version_id, parent_id, relation, share_bps)
       SELECT ${id('g')}, ${id('g + 1')}, 'DERIVATIVE_OF', 5000 FROM generate_series(1, 9999) AS g`,
    );
    await db.query(`INSERT INTO design_version_parents VALUES ($1, ${id('1')}, 'DERIVATIVE_OF', 5000)`, [tip.id]);

    const all = await designs.lineage(tip.id, 'ancestors', 10_000);
    expect(all).toHaveLength(10_000);
    expect(all[0]).toMatchObject({ depth: 1, version: { title: 'Chain 1' } });
    expect(all.at(-1)).toMatchObject({ depth: 10_000, version: { title: 'Chain 10000' } });
    expect(await designs.lineage(tip.id, 'ancestors', 3)).toHaveLength(3);

    const [{ root }] = await db.query(`SELECT ${id('10000')} AS root`);
    const down = await designs.lineage(root, 'descendants', 10_000);
    expect(down).toHaveLength(10_000);
    expect(down.at(-1)).toMatchObject({ depth: 10_000, version: { title: 'Chain tip' } });
    await expect(designs.lineage(tip.id, 'ancestors', 10_001)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
