import { CID } from 'multiformats/cid';
import { aCid, aDesign, anOrganization, aVersion } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import type { AccountsService } from '../identity/accounts.service.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import type { IdempotencyService } from '../idempotency/idempotency.service.js';
import type { ContentService } from '../ipfs/content.service.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import { IncompatibleLicenceError } from './designs.errors.js';
import type { DesignsRepository } from './designs.repository.js';
import { DesignsService } from './designs.service.js';
import type { PublishInput } from './publish-input.js';

const VIEWER: Viewer = { accountId: 'a6f0c1d2-3e4b-4c5d-8e6f-7a8b9c0d1e2f' };
const AGENT_DID = 'did:key:z6MkViewer';
const ORG = anOrganization();
const FILE_CID = aCid(0x55);
const ROOT_CID = aCid(0x70);
const MANIFEST_CID = aCid();

function setup(memberships: Array<{ organizationId: string; role: Role }> = []) {
  const designs = mock<DesignsRepository>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const content = mock<ContentService>();
  const organizations = mock<OrganizationsService>();
  const accounts = mock<AccountsService>();
  const outbox = mock<OutboxRepository>();
  const idempotency = mock<IdempotencyService>();
  const { uow, runs } = fakeUnitOfWork();
  accounts.me.mockResolvedValue({ id: VIEWER.accountId, email: 'v@example.org', name: 'V', did: AGENT_DID, createdAt: new Date() });
  organizations.get.mockImplementation(async (id) => (id === ORG.id ? ORG : Promise.reject(new NotFoundError('Organization', id))));
  content.resolve.mockResolvedValue({ type: 'raw', size: 42n } as unknown as Awaited<ReturnType<ContentService['resolve']>>);
  content.directoryOf.mockResolvedValue(CID.parse(ROOT_CID));
  content.putDagCbor.mockResolvedValue(CID.parse(MANIFEST_CID));
  designs.findVersionsByCids.mockResolvedValue([]);
  designs.externalParentsOfDesign.mockResolvedValue([]);
  idempotency.replay.mockResolvedValue(null);
  // Without a key the real service runs the work in one unit of work; so does this one.
  idempotency.transaction.mockImplementation((_request, work) => uow.run(async (tx) => (await work(tx)).result) as never);
  const service = new DesignsService(designs, new AccessService(lookup), content, organizations, accounts, outbox, idempotency);
  return { service, designs, content, organizations, accounts, outbox, idempotency, runs };
}

const input = (over: Partial<PublishInput> = {}): PublishInput => ({
  title: 'Bracket',
  license: { hardware: 'CERN-OHL-S-2.0' },
  files: [{ path: 'bracket.stl', cid: FILE_CID }],
  ...over,
});

type Setup = ReturnType<typeof setup>;
function expectNothingWritten(t: Setup) {
  expect(t.runs()).toBe(0);
  expect(t.content.putDagCbor).not.toHaveBeenCalled();
  expect(t.designs.insertDesign).not.toHaveBeenCalled();
  expect(t.designs.insertVersion).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}

const appendedTypes = (t: Setup) => t.outbox.append.mock.calls.map(([, event]) => event.type);

describe('DesignsService.publish: a new design', () => {
  it('stores a personal design, its first version and the published event in one unit of work', async () => {
    const t = setup();
    const version = await t.service.publish(VIEWER, input());
    expect(t.runs()).toBe(1);
    expect(t.organizations.get).not.toHaveBeenCalled();
    const [, design] = t.designs.insertDesign.mock.calls[0]!;
    expect(design).toMatchObject({ ownerAccountId: VIEWER.accountId, ownerOrganizationId: null, title: 'Bracket' });
    expect(t.designs.insertVersion).toHaveBeenCalledWith(expect.anything(), version, []);
    expect(t.designs.setLatestVersion).toHaveBeenCalledWith(expect.anything(), design.id, version);
    expect(version).toMatchObject({ designId: design.id, cid: MANIFEST_CID, rootCid: ROOT_CID, publishedBy: VIEWER.accountId });
    expect(version.manifest).toMatchObject({ licensor: AGENT_DID, license: { hardware: 'CERN-OHL-S-2.0' } });
    expect(appendedTypes(t)).toEqual(['design.published']);
  });

  it('lets a member publish for their organization; the organization owns the design', async () => {
    const t = setup([{ organizationId: ORG.id, role: 'MEMBER' }]);
    await t.service.publish(VIEWER, input({ organizationId: ORG.id }));
    expect(t.designs.insertDesign).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ ownerAccountId: null, ownerOrganizationId: ORG.id, createdBy: VIEWER.accountId }),
    );
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'design.published', payload: expect.objectContaining({ organizationId: ORG.id }) }),
    );
  });

  it('refuses a stranger publishing for an organization before touching content, and writes nothing', async () => {
    const t = setup([{ organizationId: 'another-org', role: 'ADMIN' }]);
    await expect(t.service.publish(VIEWER, input({ organizationId: ORG.id }))).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.content.resolve).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('refuses bad input with a typed error before any lookup', async () => {
    const t = setup();
    const err = await t.service.publish(VIEWER, input({ files: [] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'files', reason: 'NO_FILES' });
    expect(t.accounts.me).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('refuses a file that is not in the uploaded root', async () => {
    const t = setup();
    t.content.listFiles.mockResolvedValue([{ path: 'other.stl', cid: CID.parse(FILE_CID), size: 1 }]);
    const err = await t.service.publish(VIEWER, input({ rootCid: ROOT_CID })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'files[0]', reason: 'NOT_IN_ROOT' });
    expectNothingWritten(t);
  });

  it('answers a repeated idempotent request with the first version and does nothing else', async () => {
    const t = setup();
    const first = aVersion();
    t.idempotency.replay.mockResolvedValue(first.id);
    t.designs.findVersions.mockResolvedValue([first]);
    await expect(t.service.publish(VIEWER, input(), { key: 'same-key-123' })).resolves.toBe(first);
    expect(t.designs.findVersions).toHaveBeenCalledWith([first.id]);
    expect(t.accounts.me).not.toHaveBeenCalled();
    expect(t.idempotency.transaction).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('refuses a viewer whose account is gone', async () => {
    const t = setup();
    t.accounts.me.mockResolvedValue(null);
    await expect(t.service.publish(VIEWER, input())).rejects.toMatchObject({ code: 'NOT_FOUND', entity: 'Account' });
    expectNothingWritten(t);
  });
});

describe('DesignsService.publish: a new version', () => {
  it('lets the owning account add a version to its design without creating another design', async () => {
    const t = setup();
    const design = aDesign({ ownerAccountId: VIEWER.accountId });
    t.designs.findDesign.mockResolvedValue(design);
    const version = await t.service.publish(VIEWER, input({ designId: design.id }));
    expect(t.designs.insertDesign).not.toHaveBeenCalled();
    expect(version.designId).toBe(design.id);
    expect(t.designs.insertVersion).toHaveBeenCalledWith(expect.anything(), version, []);
    expect(t.designs.setLatestVersion).toHaveBeenCalledWith(expect.anything(), design.id, version);
  });

  it('lets any member of the owning organization add a version', async () => {
    const t = setup([{ organizationId: ORG.id, role: 'MEMBER' }]);
    const design = aDesign({ ownerAccountId: null, ownerOrganizationId: ORG.id });
    t.designs.findDesign.mockResolvedValue(design);
    await t.service.publish(VIEWER, input({ designId: design.id }));
    expect(t.designs.insertVersion).toHaveBeenCalledTimes(1);
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ aggregateId: design.id, payload: expect.objectContaining({ organizationId: ORG.id }) }),
    );
  });

  it.each([
    ['another account’s design', aDesign(), []],
    ['an organization’s design, as a member of another', aDesign({ ownerAccountId: null, ownerOrganizationId: ORG.id }), ['other-org']],
  ])('refuses a stranger adding a version to %s, and writes nothing', async (_case, design, orgs) => {
    const t = setup(orgs.map((organizationId) => ({ organizationId, role: 'ADMIN' as const })));
    t.designs.findDesign.mockResolvedValue(design);
    const err = await t.service.publish(VIEWER, input({ designId: design.id })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'FORBIDDEN' });
    expect(t.content.resolve).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });

  it('refuses an unknown design as not found', async () => {
    const t = setup();
    t.designs.findDesign.mockResolvedValue(null);
    await expect(t.service.publish(VIEWER, input({ designId: 'missing' }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      entity: 'Design',
      id: 'missing',
    });
    expectNothingWritten(t);
  });
});

describe('DesignsService.publish: remixes and their licences', () => {
  it('links the parents with their shares and announces the remix', async () => {
    const t = setup();
    const parent = aVersion({ licences: { hardware: 'CERN-OHL-P-2.0' } });
    t.designs.findVersionsByCids.mockResolvedValue([parent]);
    const version = await t.service.publish(
      VIEWER,
      input({ license: { hardware: 'MIT' }, derivativeOf: [{ versionCid: parent.cid, shareBps: 2500 }] }),
    );
    expect(t.designs.insertVersion).toHaveBeenCalledWith(expect.anything(), version, [
      { versionId: version.id, parentId: parent.id, relation: 'DERIVATIVE_OF', shareBps: 2500 },
    ]);
    expect(appendedTypes(t)).toEqual(['design.published', 'design.remixed']);
  });

  it('refuses to remix a no-derivatives parent, naming the parent, and writes nothing', async () => {
    const t = setup();
    const parent = aVersion({ licences: { hardware: 'CC-BY-ND-4.0' } });
    t.designs.findVersionsByCids.mockResolvedValue([parent]);
    const err = await t.service
      .publish(VIEWER, input({ license: { hardware: 'CC-BY-ND-4.0' }, derivativeOf: [{ versionCid: parent.cid, shareBps: 0 }] }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompatibleLicenceError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'derivativeOf[0]', reason: 'NO_DERIVATIVES' });
    expect((err as IncompatibleLicenceError).details).toMatchObject({ parentCid: parent.cid, parentLicence: 'CC-BY-ND-4.0' });
    expectNothingWritten(t);
  });

  it('refuses a share-alike parent remixed under a permissive licence, on the licence field', async () => {
    const t = setup();
    const parent = aVersion({ licences: { hardware: 'CERN-OHL-S-2.0' } });
    t.designs.findVersionsByCids.mockResolvedValue([parent]);
    const err = await t.service
      .publish(VIEWER, input({ license: { hardware: 'MIT' }, derivativeOf: [{ versionCid: parent.cid, shareBps: 100 }] }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ field: 'license.hardware', reason: 'LICENCE_INCOMPATIBLE' });
    expect((err as IncompatibleLicenceError).details).toMatchObject({ incompatibility: 'SHARE_ALIKE', licence: 'MIT' });
    expectNothingWritten(t);
  });

  it('holds a new version of a remix to the parents of its earlier versions', async () => {
    const t = setup();
    const design = aDesign({ ownerAccountId: VIEWER.accountId });
    t.designs.findDesign.mockResolvedValue(design);
    t.designs.externalParentsOfDesign.mockResolvedValue([aVersion({ licences: { hardware: 'CC-BY-NC-4.0' } })]);
    const err = await t.service
      .publish(VIEWER, input({ designId: design.id, license: { hardware: 'CC-BY-4.0' } }))
      .catch((e: unknown) => e);
    expect(t.designs.externalParentsOfDesign).toHaveBeenCalledWith(design.id);
    expect(err).toMatchObject({
      field: 'license.hardware',
      reason: 'LICENCE_INCOMPATIBLE',
      details: { incompatibility: 'NON_COMMERCIAL' },
    });
    expectNothingWritten(t);
  });

  it('lets the owner relicense: the design’s own earlier version is no constraint', async () => {
    const t = setup();
    const design = aDesign({ ownerAccountId: VIEWER.accountId });
    const earlier = aVersion({ designId: design.id, licences: { hardware: 'CERN-OHL-S-2.0' } });
    t.designs.findDesign.mockResolvedValue(design);
    t.designs.findVersionsByCids.mockResolvedValue([earlier]);
    await t.service.publish(
      VIEWER,
      input({ designId: design.id, license: { hardware: 'MIT' }, derivativeOf: [{ versionCid: earlier.cid, shareBps: 0 }] }),
    );
    expect(t.designs.insertVersion).toHaveBeenCalledTimes(1);
  });

  it('refuses an unknown parent version as not found, and writes nothing', async () => {
    const t = setup();
    const missing = aCid();
    await expect(t.service.publish(VIEWER, input({ derivativeOf: [{ versionCid: missing, shareBps: 0 }] }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      entity: 'DesignVersion',
      id: missing,
    });
    expectNothingWritten(t);
  });
});

describe('DesignsService reads', () => {
  it('refuses a lineage depth out of range without querying', async () => {
    const t = setup();
    await expect(t.service.lineage('v', 'ancestors', 0)).rejects.toMatchObject({ field: 'depth', reason: 'OUT_OF_RANGE' });
    expect(t.designs.lineage).not.toHaveBeenCalled();
  });

  it('refuses an unknown process filter without querying', async () => {
    const t = setup();
    await expect(t.service.search({ process: 'alchemy' }, {})).rejects.toMatchObject({ reason: 'UNKNOWN_PROCESS' });
    expect(t.designs.search).not.toHaveBeenCalled();
  });
});
