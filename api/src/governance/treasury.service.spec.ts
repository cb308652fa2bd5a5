import { anOrganization } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { RecordWriter } from '../contributions/record-writer.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import type { LedgerRepository } from '../rewards/ledger/ledger.repository.js';
import type { LedgerService } from '../rewards/ledger/ledger.service.js';
import type { TreasuryRepository } from './treasury.repository.js';
import { TreasuryService } from './treasury.service.js';

const VIEWER: Viewer = { accountId: '8f9e0d1c-2b3a-4f5e-9d8c-7b6a5f4e3d2c' };
const ORG = anOrganization();
const RULES = {
  approvalsRequired: 2,
  approvalThresholdMinor: '50000',
  approvalThresholdCurrency: 'eur',
  approvalsAloneBelowThreshold: true,
};

function setup(memberships: Array<{ organizationId: string; role: Role }>) {
  const repo = mock<TreasuryRepository>();
  const organizations = mock<OrganizationsService>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  organizations.get.mockResolvedValue(ORG);
  const { uow, runs } = fakeUnitOfWork();
  const service = new TreasuryService(
    repo,
    mock<LedgerRepository>(),
    mock<LedgerService>(),
    organizations,
    mock<RecordWriter>(),
    uow,
    new AccessService(lookup),
  );
  return { service, repo, runs };
}

describe('TreasuryService.setRules', () => {
  it('lets an admin set how spends are approved, the threshold in its currency', async () => {
    const t = setup([{ organizationId: ORG.id, role: 'ADMIN' }]);
    const rules = await t.service.setRules(VIEWER, ORG.id, RULES);
    const stored = {
      organizationId: ORG.id,
      approvalsRequired: 2,
      approvalThresholdMinor: 50000n,
      approvalThresholdCurrency: 'EUR',
      approvalsAloneBelow: true,
    };
    expect(t.repo.upsertTreasuryRules).toHaveBeenCalledWith(expect.anything(), stored, VIEWER.accountId);
    expect(rules).toEqual({ ...stored, isDefault: false });
  });

  it.each([
    ['a treasurer', [{ organizationId: ORG.id, role: 'TREASURER' as const }]],
    ['an admin of another organization', [{ organizationId: 'elsewhere', role: 'ADMIN' as const }]],
  ])('refuses %s, and writes nothing', async (_who, memberships) => {
    const t = setup(memberships);
    await expect(t.service.setRules(VIEWER, ORG.id, RULES)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expect(t.repo.upsertTreasuryRules).not.toHaveBeenCalled();
  });

  it.each([
    [{ approvalsRequired: 0 }, 'approvalsRequired', 'INVALID'],
    [{ approvalThresholdMinor: '12.50' }, 'approvalThresholdMinor', 'INVALID_AMOUNT'],
    [{ approvalThresholdCurrency: 'EURO' }, 'approvalThresholdCurrency', 'UNKNOWN_CURRENCY'],
    [{ approvalThresholdCurrency: null }, 'approvalThresholdCurrency', 'CURRENCY_REQUIRED'],
  ])('refuses %o on %s, and writes nothing', async (over, field, reason) => {
    const t = setup([{ organizationId: ORG.id, role: 'ADMIN' }]);
    const err = await t.service.setRules(VIEWER, ORG.id, { ...RULES, ...over }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field, reason });
    expect(t.runs()).toBe(0);
  });

  it('accepts a zero threshold without a currency', async () => {
    const t = setup([{ organizationId: ORG.id, role: 'ADMIN' }]);
    await t.service.setRules(VIEWER, ORG.id, { ...RULES, approvalThresholdMinor: '0', approvalThresholdCurrency: null });
    expect(t.repo.upsertTreasuryRules).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ approvalThresholdMinor: 0n, approvalThresholdCurrency: null }),
      VIEWER.accountId,
    );
  });
});

describe('TreasuryService.needsApprovals', () => {
  const t = setup([]);
  const rules = {
    organizationId: ORG.id,
    approvalsRequired: 1,
    approvalThresholdMinor: 10_000n,
    approvalThresholdCurrency: 'EUR',
    approvalsAloneBelow: false,
    isDefault: false,
  };
  it.each([
    [10_000n, 'EUR', false],
    [10_001n, 'EUR', true],
    [1n, 'USD', true],
  ])('%s %s above the threshold or in another currency: %s', (amountMinor, currency, needed) => {
    expect(t.service.needsApprovals(rules, { amountMinor, currency })).toBe(needed);
  });
});
