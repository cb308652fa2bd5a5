import { CID } from 'multiformats/cid';
import { aDesign, aVersion } from '../../../test/support/domain-factories.js';
import {
  AGENT_DID,
  appendedTypes,
  expectNothingWritten,
  FILE_CID,
  input,
  MANIFEST_CID,
  ORG,
  ROOT_CID,
  setup,
  VIEWER,
} from '../../../test/support/designs-unit.js';
import { ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';

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
describe('DesignsService reads', () => {
  it('refuses a lineage depth out of range without querying', async () => {
    const t = setup();
    await expect(t.service.lineage('v', 'ancestors', 0)).rejects.toMatchObject({ field: 'depth', reason: 'OUT_OF_RANGE' });
    expect(t.lineages.lineage).not.toHaveBeenCalled();
  });

  it('refuses an unknown process filter without querying', async () => {
    const t = setup();
    await expect(t.service.search({ process: 'alchemy' }, {})).rejects.toMatchObject({ reason: 'UNKNOWN_PROCESS' });
    expect(t.catalogue.search).not.toHaveBeenCalled();
  });
});
