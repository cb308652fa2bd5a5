import type { INestApplicationContext } from '@nestjs/common';
import { AccountsRepository } from '../../api/src/identity/accounts.repository.js';
import { DesignCatalogueRepository } from '../../api/src/designs/design-catalogue.repository.js';
import { DesignLineageRepository } from '../../api/src/designs/design-lineage.repository.js';
import { DesignLoadersFactory } from '../../api/src/designs/designs.loaders.js';
import { DesignsRepository } from '../../api/src/designs/designs.repository.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newDesignVersion, newUpload } from '../support/factories.js';

let app: INestApplicationContext;

beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

// A request's design loaders.
const loaders = () => new DesignLoadersFactory(app.get(DesignsRepository), app.get(DesignLineageRepository)).create();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('design loaders', () => {
  it("read each design's newest version, and versions by id, without their manifests", async () => {
    const designer = await newAccount(app);
    const first = await newDesignVersion(app, designer.viewer, { title: 'Plant Stand' });
    const second = await newDesignVersion(app, designer.viewer, { designId: first.designId, title: 'Plant Stand', version: '2' });
    const other = await newDesignVersion(app, designer.viewer, { title: 'Pot' });

    const l = loaders();
    const [a, b, none] = await Promise.all([
      l.latestVersion.load(first.designId),
      l.latestVersion.load(other.designId),
      l.latestVersion.load(UNKNOWN),
    ]);
    expect(a).toMatchObject({ id: second.id, designId: first.designId, cid: second.cid, versionLabel: '2' });
    expect(b).toMatchObject({ id: other.id, cid: other.cid });
    expect(none).toBeNull();
    expect(a).not.toHaveProperty('manifest');
    const { manifest: _manifest, ...head } = first;
    expect(await l.version.load(first.id)).toEqual(head);
    expect(await l.version.load('not-a-uuid')).toBeNull();
  });

  it('read only the manifest fields asked for, batched by version', async () => {
    const designer = await newAccount(app);
    const upload = await newUpload(app, { 'panel.dxf': 'dxf', 'README.md': 'Cut it.' });
    const version = await newDesignVersion(app, designer.viewer, {
      title: 'Cut Panel',
      description: 'A panel.',
      rootCid: upload.rootCid,
      parts: [{ id: 'p', name: 'Panel', process: 'laser', material: 'plywood' }],
      bom: [{ name: 'Screw', quantity: 4, unit: 'pcs' }],
    });
    const bare = await newDesignVersion(app, designer.viewer, { title: 'Bare' });

    const l = loaders();
    const [summary, bareSummary, unknown] = await Promise.all([
      l.manifestSummary.load(version.id),
      l.manifestSummary.load(bare.id),
      l.manifestSummary.load(UNKNOWN),
    ]);
    expect(summary).toEqual({
      function: 'A panel.',
      parts: version.manifest.parts,
      bom: version.manifest.bom,
      notes: null,
    });
    expect(bareSummary).toMatchObject({ function: null, parts: [], bom: [] });
    expect(unknown).toEqual({});
    const latest = await l.latestVersionWithSummary.load(version.designId);
    expect(latest).toEqual({ head: expect.objectContaining({ id: version.id }), summary });
    expect(latest!.head).not.toHaveProperty('manifest');
    expect(await l.manifestFiles.load(version.id)).toEqual({ files: version.manifest.files });
  });

  it("are handed by the catalogue page exactly what they would read of each design's latest version", async () => {
    const designer = await newAccount(app);
    const material = `oak${Date.now().toString(36)}`;
    const parts = [{ id: 'top', name: 'Top', process: 'laser', material }];
    const first = await newDesignVersion(app, designer.viewer, { title: 'Bench', description: 'A bench.', parts });
    await newDesignVersion(app, designer.viewer, {
      designId: first.designId,
      title: 'Bench',
      version: '2',
      parts,
      bom: [{ name: 'Peg', quantity: 8, unit: 'pcs' }],
    });
    await newDesignVersion(app, designer.viewer, { title: 'Shelf', parts });

    const catalogue = app.get(DesignCatalogueRepository);
    const heads = await catalogue.search({ material }, 10, undefined, false, { latest: 'head' });
    const withSummary = await catalogue.search({ material }, 10, undefined, false, { latest: 'summary', owners: true });
    const plain = await catalogue.search({ material }, 10, undefined, false);
    expect(heads.rows).toHaveLength(2);
    expect(plain.rows.every((r) => r.latest === undefined)).toBe(true);
    const l = loaders();
    for (const [i, row] of heads.rows.entries()) {
      expect(row.latest).toEqual({ head: await l.latestVersion.load(row.design.id) });
      expect(withSummary.rows[i]!.latest).toEqual(await l.latestVersionWithSummary.load(row.design.id));
    }
    const [owner] = await app.get(AccountsRepository).findByIds([designer.viewer.accountId]);
    expect(withSummary.rows.map((r) => r.owners)).toEqual([
      { account: owner, organization: null },
      { account: owner, organization: null },
    ]);
    expect(withSummary.rows.find((r) => r.design.id === first.designId)!.latest!.summary).toMatchObject({ bom: [{ name: 'Peg' }] });
  });
});
