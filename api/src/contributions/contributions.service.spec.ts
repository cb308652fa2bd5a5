import { aContributionRecord, aJob, anOrganization, aVersion } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/config.js';
import type { DesignsService } from '../designs/designs.service.js';
import type { AgentDirectory } from '../identity/agent-directory.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import type { ContentService } from '../ipfs/content.service.js';
import type { ProductionService } from '../production/production.service.js';
import type { ContributionsRepository } from './contributions.repository.js';
import { ContributionsService } from './contributions.service.js';
import type { ContributionRecord } from './contributions.types.js';
import type { RecordContributionInput } from './dto/contribution.inputs.js';
import type { RecordWriter } from './record-writer.js';

const VIEWER: Viewer = { accountId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e' };
const VIEWER_DID = 'did:key:z6MkRecorder';
const ORG = anOrganization();
const NOW = new Date('2026-06-01T12:00:00Z');
const MEMBER = [{ organizationId: ORG.id, role: 'MEMBER' as const }];

function setup(memberships: Array<{ organizationId: string; role: Role }> = []) {
  const records = mock<ContributionsRepository>();
  const writer = mock<RecordWriter>();
  const organizations = mock<OrganizationsService>();
  const agents = mock<AgentDirectory>();
  const designs = mock<DesignsService>();
  const production = mock<ProductionService>();
  const content = mock<ContentService>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const { uow, runs } = fakeUnitOfWork();
  organizations.get.mockResolvedValue(ORG);
  agents.didOfAccount.mockResolvedValue(VIEWER_DID);
  content.requireStored.mockImplementation(async (cids) => [...cids]);
  writer.append.mockImplementation(async (_tx, draft) => aContributionRecord({ ...draft, id: 'appended' }) as ContributionRecord);
  const config = { contributions: { validationsRequired: 2 } } as AppConfig;
  const service = new ContributionsService(
    records,
    writer,
    organizations,
    agents,
    designs,
    production,
    content,
    uow,
    new AccessService(lookup),
    config,
  );
  return { service, records, writer, designs, production, runs };
}

const input = (over: Partial<RecordContributionInput> = {}): RecordContributionInput => ({
  organizationId: ORG.id,
  action: 'work',
  note: '  Wrote the assembly guide  ',
  effortHours: '2.5',
  ...over,
});

describe('ContributionsService.record', () => {
  it('signs a member’s contribution for the organization, pending its validations', async () => {
    const t = setup(MEMBER);
    await t.service.record(VIEWER, input({ occurredAt: new Date('2026-05-30T00:00:00Z') }), NOW);
    expect(t.runs()).toBe(1);
    expect(t.writer.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        action: 'work',
        providerDid: VIEWER_DID,
        providerAccountId: VIEWER.accountId,
        providerOrganizationId: ORG.id,
        subject: `urn:cosmolocal:organization:${ORG.id}`,
        note: 'Wrote the assembly guide',
        effortHours: '2.50',
        occurredAt: new Date('2026-05-30T00:00:00Z'),
        validation: 'PENDING',
        validationsRequired: 2,
      }),
    );
  });

  it('makes the job the subject when one is named, over the design', async () => {
    const t = setup(MEMBER);
    const version = aVersion();
    const job = aJob();
    t.designs.versionByCid.mockResolvedValue(version);
    t.production.readableJob.mockResolvedValue(job);
    await t.service.record(VIEWER, input({ designVersionCid: version.cid, jobId: job.id }), NOW);
    expect(t.production.readableJob).toHaveBeenCalledWith(VIEWER, job.id);
    expect(t.writer.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        subject: `urn:cosmolocal:job:${job.id}`,
        jobId: job.id,
        designId: version.designId,
        designVersionCid: version.cid,
      }),
    );
  });

  it('makes the design the subject when only a version is named', async () => {
    const t = setup(MEMBER);
    const version = aVersion();
    t.designs.versionByCid.mockResolvedValue(version);
    await t.service.record(VIEWER, input({ designVersionCid: version.cid }), NOW);
    expect(t.writer.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ subject: `urn:cosmolocal:design:${version.designId}` }),
    );
  });

  it('refuses someone outside the organization, and writes nothing', async () => {
    const t = setup([{ organizationId: 'elsewhere', role: 'ADMIN' }]);
    await expect(t.service.record(VIEWER, input(), NOW)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expect(t.writer.append).not.toHaveBeenCalled();
  });

  it.each([
    [{ action: 'transfer' }, 'action', 'UNKNOWN_ACTION'],
    [{ note: 'ok' }, 'note', 'OUT_OF_RANGE'],
    [{ effortHours: '1.234' }, 'effortHours', 'INVALID_DECIMAL'],
    [{ effortHours: '0' }, 'effortHours', 'OUT_OF_RANGE'],
    [{ occurredAt: new Date(NOW.getTime() + 3_600_000) }, 'occurredAt', 'IN_FUTURE'],
  ] as Array<[Partial<RecordContributionInput>, string, string]>)(
    'refuses %o on %s before any lookup, and writes nothing',
    async (over, field, reason) => {
      const t = setup(MEMBER);
      const err = await t.service.record(VIEWER, input(over), NOW).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err).toMatchObject({ field, reason });
      expect(t.runs()).toBe(0);
      expect(t.writer.append).not.toHaveBeenCalled();
    },
  );
});

describe('ContributionsService.validate', () => {
  const pending = (over: Partial<ContributionRecord> = {}) => aContributionRecord({ providerOrganizationId: ORG.id, ...over });
  function withRecord(record: ContributionRecord, memberships = MEMBER, tally = { approvals: 1, rejections: 0 }) {
    const t = setup(memberships);
    t.records.findById.mockResolvedValue(record);
    t.records.lockById.mockResolvedValue(record);
    t.records.findValidation.mockResolvedValue(null);
    t.records.tally.mockResolvedValue(tally);
    t.records.setValidation.mockImplementation(async (_tx, _id, validation) => ({ ...record, validation }));
    return t;
  }
  function expectNoAnswerWritten(t: ReturnType<typeof setup>) {
    expect(t.writer.append).not.toHaveBeenCalled();
    expect(t.records.upsertValidation).not.toHaveBeenCalled();
    expect(t.records.setValidation).not.toHaveBeenCalled();
  }

  it('records another member’s approval as their signed answer; short of N, the record stays pending', async () => {
    const record = pending();
    const t = withRecord(record);
    await expect(t.service.validate(VIEWER, record.id, true, NOW)).resolves.toMatchObject({ validation: 'PENDING' });
    expect(t.writer.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ action: 'vote', providerDid: VIEWER_DID }));
    expect(t.records.upsertValidation).toHaveBeenCalledWith(expect.anything(), {
      recordId: record.id,
      accountId: VIEWER.accountId,
      approve: true,
      at: NOW,
      answerRecordId: 'appended',
    });
    expect(t.records.setValidation).not.toHaveBeenCalled();
  });

  it.each([
    [true, { approvals: 2, rejections: 0 }, 'APPROVED'],
    [false, { approvals: 0, rejections: 2 }, 'REJECTED'],
  ])('closes the record when the N-th answer (approve: %s) comes in', async (approve, tally, state) => {
    const record = pending();
    const t = withRecord(record, MEMBER, tally);
    await expect(t.service.validate(VIEWER, record.id, approve, NOW)).resolves.toMatchObject({ validation: state });
    expect(t.records.setValidation).toHaveBeenCalledWith(expect.anything(), record.id, state);
  });

  it('validates the record it found when the id comes with surrounding spaces', async () => {
    const record = pending();
    const t = withRecord(record);
    t.records.lockById.mockImplementation(async (_tx, id) => (id === record.id ? record : null));
    await t.service.validate(VIEWER, ` ${record.id}\n`, true, NOW);
    expect(t.records.findById).toHaveBeenCalledWith(record.id);
    expect(t.records.upsertValidation).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ recordId: record.id }));
    expect(t.records.tally).toHaveBeenCalledWith(expect.anything(), record.id);
  });

  it('refuses the contributor validating their own contribution', async () => {
    const record = pending({ providerAccountId: VIEWER.accountId });
    const t = withRecord(record);
    await expect(t.service.validate(VIEWER, record.id, true, NOW)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'OWN_CONTRIBUTION' },
    });
    expect(t.runs()).toBe(0);
    expectNoAnswerWritten(t);
  });

  it('refuses someone outside the organization', async () => {
    const record = pending();
    const t = withRecord(record, []);
    await expect(t.service.validate(VIEWER, record.id, true, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expectNoAnswerWritten(t);
  });

  it.each([
    ['a captured record', pending({ validation: 'NOT_REQUIRED' }), 'NOT_VALIDATABLE'],
    ['a record of no organization', pending({ providerOrganizationId: null }), 'NOT_VALIDATABLE'],
  ])('refuses validating %s before opening a transaction', async (_case, record, reason) => {
    const t = withRecord(record);
    await expect(t.service.validate(VIEWER, record.id, true, NOW)).rejects.toMatchObject({ details: { reason } });
    expect(t.runs()).toBe(0);
  });

  it('refuses an answer once the record is closed (seen under its lock)', async () => {
    const record = pending();
    const t = withRecord(record);
    t.records.lockById.mockResolvedValue({ ...record, validation: 'APPROVED' });
    const err = await t.service.validate(VIEWER, record.id, false, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: { reason: 'VALIDATION_CLOSED' } });
    expectNoAnswerWritten(t);
  });

  it('refuses the same answer twice, but takes a changed one', async () => {
    const record = pending();
    const same = withRecord(record);
    same.records.findValidation.mockResolvedValue({ approve: true } as never);
    await expect(same.service.validate(VIEWER, record.id, true, NOW)).rejects.toMatchObject({ details: { reason: 'ALREADY_VALIDATED' } });
    expectNoAnswerWritten(same);
    const changed = withRecord(record);
    changed.records.findValidation.mockResolvedValue({ approve: true } as never);
    await changed.service.validate(VIEWER, record.id, false, NOW);
    expect(changed.records.upsertValidation).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ approve: false }));
  });
});
