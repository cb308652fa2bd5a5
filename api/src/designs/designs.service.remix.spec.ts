import { aCid, aDesign, aVersion } from '../../../test/support/domain-factories.js';
import { appendedTypes, expectNothingWritten, input, setup, VIEWER } from '../../../test/support/designs-unit.js';
import { IncompatibleLicenceError } from './designs.errors.js';

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
    t.lineages.externalParentsOfDesign.mockResolvedValue([aVersion({ licences: { hardware: 'CC-BY-NC-4.0' } })]);
    const err = await t.service
      .publish(VIEWER, input({ designId: design.id, license: { hardware: 'CC-BY-4.0' } }))
      .catch((e: unknown) => e);
    expect(t.lineages.externalParentsOfDesign).toHaveBeenCalledWith(design.id);
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
