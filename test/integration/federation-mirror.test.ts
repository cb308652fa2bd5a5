import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { DeliveriesService } from '../../api/src/federation/deliveries.service.js';
import { Database } from '../../api/src/database/database.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import { DesignCatalogueRepository } from '../../api/src/designs/design-catalogue.repository.js';
import { RemoteDesignsService } from '../../api/src/designs/remote-designs.service.js';
import { ContentService, MirrorRefusedError } from '../../api/src/ipfs/content.service.js';
import { UnitOfWork } from '../../api/src/database/transaction.js';
import { FederationService } from '../../api/src/federation/federation.service.js';
import { testConfig } from '../support/config.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newDesignVersion, newOrganization, newUpload } from '../support/factories.js';

// What another instance sends is verified before anything is kept: blocks re-hashed, manifests
// checked, one origin per design; and what this instance sends is owed until delivered or dead.
describe('federation: mirroring and delivering', () => {
  let app: INestApplicationContext;
  let elsewhere: ContentService; // another instance's content store
  beforeAll(async () => {
    const config = testConfig({ PUBLIC_URL: 'http://127.0.0.1:9', FEDERATION_INSECURE_HTTP: 'true', FEDERATION_DELIVERY_ATTEMPTS: '2' });
    app = await createDomainContext(config);
    elsewhere = new ContentService(testConfig());
    await elsewhere.onModuleInit();
  });
  afterAll(async () => {
    await app?.close();
  });

  const publishedHere = async () => {
    const designer = await newAccount(app);
    const files = await newUpload(app, { 'README.md': `readme ${randomUUID()}`, 'cad/part.step': `step ${randomUUID()}` });
    return newDesignVersion(app, designer.viewer, { rootCid: files.rootCid });
  };
  const from = (content: ContentService, tamper?: string) => async (cid: CID) => {
    const bytes = await content.block(cid);
    return cid.toString() === tamper ? Uint8Array.from([...bytes, 0x20]) : bytes;
  };

  it('mirrors a whole DAG, and refuses one whose bytes do not hash or that is too large, keeping nothing of it', async () => {
    const here = app.get(ContentService);
    const version = await publishedHere();
    const manifest = CID.parse(version.cid);
    const file = CID.parse(version.manifest.files.find((f) => f.path === 'cad/part.step')!.cid);

    await expect(elsewhere.mirror(manifest, from(here, file.toString()), { maxBytes: 1e9, maxBlocks: 1000 })).rejects.toBeInstanceOf(
      MirrorRefusedError,
    );
    expect(await elsewhere.has(manifest)).toBe(false);
    await expect(elsewhere.mirror(manifest, from(here), { maxBytes: 100, maxBlocks: 1000 })).rejects.toThrow(/larger than 100 bytes/);
    expect(await elsewhere.has(manifest)).toBe(false);
    await expect(elsewhere.mirror(manifest, from(here), { maxBytes: 1e9, maxBlocks: 2 })).rejects.toThrow(/more than 2 blocks/);

    const report = await elsewhere.mirror(manifest, from(here), { maxBytes: 1e9, maxBlocks: 1000 });
    // The manifest, the root folder, cad/ and the two files.
    expect(report).toMatchObject({ blocks: 5, fetched: 5 });
    expect(await elsewhere.has(file)).toBe(true);
    expect(new TextDecoder().decode(await elsewhere.block(file))).toMatch(/^step /);
    // Mirrored again: nothing fetched.
    expect(await elsewhere.mirror(manifest, from(here), { maxBytes: 1e9, maxBlocks: 1000 })).toMatchObject({ blocks: 5, fetched: 0 });
  });

  it('records a remote version from its manifest block once, under its origin, and refuses what is not a manifest or not its owner’s', async () => {
    const remote = app.get(RemoteDesignsService);
    const content = app.get(ContentService);
    const files = await newUpload(app, { 'README.md': `remote ${randomUUID()}` });
    const parent = await publishedHere();
    // A manifest as another instance publishes it: files and parents as IPLD links.
    const cid = await content.putDagCbor({
      okhv: 'OKH-LOSHv1.0',
      name: 'Remote Loom Frame',
      licensor: 'did:key:z6MkremoteLicensor',
      license: { hardware: 'CERN-OHL-S-2.0' },
      root: CID.parse(files.rootCid),
      files: files.files.map((f) => ({ path: f.path, cid: CID.parse(f.cid), size: 10 })),
      parts: [{ id: 'frame', name: 'frame', process: 'LASER_CUTTING', material: 'Plywood' }],
      bom: [],
      derivativeOf: [
        { versionCid: parent.cid, version: CID.parse(parent.cid), shareBps: 2500, relation: 'DERIVATIVE_OF' },
        { versionCid: 'bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', shareBps: 500, relation: 'VARIANT_OF' },
      ],
      publishedAt: '2026-11-01T00:00:00.000Z',
    });
    const origin = 'http://elsewhere.example';
    const input = {
      designUrl: `${origin}/ap/designs/${randomUUID()}`,
      versionUrl: `${origin}/ap/design-versions/${randomUUID()}`,
      actorUrl: `${origin}/ap/actors/${randomUUID()}`,
      cid: cid.toString(),
      publishedAt: new Date('2026-11-01T00:00:00Z'),
    };
    const first = await remote.record(input);
    expect(first.created).toBe(true);
    expect(first.version).toMatchObject({ publishedBy: null, origin: { url: input.versionUrl, actorUrl: input.actorUrl } });
    expect(first.version.manifest.parts[0]).toMatchObject({ process: 'LASER_CUTTING', material: 'Plywood' });
    expect(await remote.record(input)).toMatchObject({ created: false, version: { id: first.version.id } });
    const design = await app.get(DesignsService).design(first.version.designId);
    expect(design).toMatchObject({ createdBy: null, ownerAccountId: null, ownerOrganizationId: null, origin: { url: input.designUrl } });
    // The parent known here is linked, with its share; the unknown one stays in the manifest.
    const [links] = await app
      .get(Database)
      .query(`SELECT count(*)::int AS n, sum(share_bps)::int AS bps FROM design_version_parents WHERE version_id = $1`, [first.version.id]);
    expect(links).toEqual({ n: 1, bps: 2500 });
    expect(first.version.manifest.derivativeOf).toHaveLength(2);
    // In the catalogue as a remote design, unless its instance is defederated (or not allowed).
    const catalogue = app.get(DesignCatalogueRepository, { strict: false });
    const titles = async (filter: object) =>
      (await catalogue.search({ text: 'Remote Loom Frame', ...filter }, 20)).rows.map((r) => r.design.id);
    expect(await titles({ origin: 'REMOTE' })).toContain(first.version.designId);
    expect(await titles({ origin: 'LOCAL' })).not.toContain(first.version.designId);
    expect(await titles({ hiddenHosts: ['elsewhere.example'] })).not.toContain(first.version.designId);
    expect(await titles({ onlyHosts: ['trusted.example'] })).not.toContain(first.version.designId);
    expect(await titles({ onlyHosts: ['elsewhere.example'], hiddenHosts: ['other.example'] })).toContain(first.version.designId);

    // Another actor claiming the same design: refused, nothing written.
    const other = await content.putDagCbor({ ...dagCbor.decode(await content.block(cid)), name: 'Remote Loom Frame v2' } as object);
    await expect(remote.record({ ...input, cid: other.toString(), actorUrl: `${origin}/ap/actors/${randomUUID()}` })).rejects.toMatchObject(
      {
        code: 'BAD_USER_INPUT',
        details: expect.objectContaining({ reason: 'NOT_OWNER' }),
      },
    );
    // A block that is no manifest: refused.
    const junk = await content.putDagCbor({ hello: 'world' });
    await expect(
      remote.record({ ...input, designUrl: `${origin}/ap/designs/${randomUUID()}`, cid: junk.toString() }),
    ).rejects.toMatchObject({
      details: expect.objectContaining({ reason: 'INVALID_MANIFEST' }),
    });
    const [rows] = await app
      .get(Database)
      .query(`SELECT count(*)::int AS n FROM design_versions WHERE cid = ANY($1)`, [[other.toString(), junk.toString()]]);
    expect(rows.n).toBe(0);
  });

  it('owes a delivery until it is made, dead-letters it when its tries are used up, and retries it on request', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const deliveries = app.get(DeliveriesService);
    const ctx = await app.get(FederationService).outbound();
    const vocab = await app.get(FederationService).vocab();
    const actor = ctx.getActorUri(org.id);
    const note = new vocab.Create({
      id: new URL(`#create-${randomUUID()}`, actor),
      actor,
      object: new vocab.Note({ id: new URL(`#note-${randomUUID()}`, actor), attribution: actor, content: 'hello' }),
    });
    // Nobody listens on port 9 (discard): every try fails.
    const inbox = { inbox: 'http://127.0.0.1:9/ap/inbox', recipient: 'http://127.0.0.1:9/ap/actors/x' };
    const owed = await app.get(UnitOfWork).run((tx) => deliveries.owe(tx, org.id, note, [inbox, inbox]));
    expect(owed).toBe(1);
    const [delivery] = await deliveries.deliveriesOf(admin.viewer, org.id, null);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 0, activityType: 'Create', inboxUrl: inbox.inbox });

    await expect(deliveries.deliver(delivery!.id)).rejects.toThrow();
    expect((await deliveries.deliveriesOf(admin.viewer, org.id, 'PENDING'))[0]).toMatchObject({ attempts: 1 });
    expect(await deliveries.deliver(delivery!.id)).toBe('dead');
    const [dead] = await deliveries.deliveriesOf(admin.viewer, org.id, 'DEAD');
    expect(dead).toMatchObject({ id: delivery!.id, attempts: 2 });
    expect(dead!.lastError).toBeTruthy();
    expect(await deliveries.deliver(delivery!.id)).toBe('not-pending');

    await expect(deliveries.deliveriesOf((await newAccount(app)).viewer, org.id, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deliveries.deliveriesOf(admin.viewer, org.id, 'LOST')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await deliveries.retry(admin.viewer, delivery!.id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    await expect(deliveries.retry(admin.viewer, delivery!.id)).rejects.toMatchObject({
      details: expect.objectContaining({ reason: 'NOT_DEAD' }),
    });
  });
});
