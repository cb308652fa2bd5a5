import { anOrganization } from '../../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../../test/support/unit.js';
import { InvalidInputError, NotFoundError } from '../../common/errors/domain-error.js';
import type { OrganizationsService } from '../../identity/organizations.service.js';
import type { OutboxRepository } from '../../outbox/outbox.repository.js';
import { DEFAULT_SPEC, PoliciesService } from './policies.service.js';
import type { PoliciesRepository } from './policies.repository.js';
import { DEFAULT_POLICY } from './policy.js';

const ORG = anOrganization();
const SPEC = { ...DEFAULT_SPEC, defaultHours: '2.00' };

function setup() {
  const rows = mock<PoliciesRepository>();
  const organizations = mock<OrganizationsService>();
  const outbox = mock<OutboxRepository>();
  organizations.get.mockResolvedValue(ORG);
  rows.activePolicy.mockResolvedValue(null);
  return { service: new PoliciesService(rows, organizations, outbox), rows, organizations, outbox };
}

describe('PoliciesService', () => {
  it('answers the platform default (version 0) for an organization that never set a policy', async () => {
    const t = setup();
    await expect(t.service.policyOf(ORG.id)).resolves.toEqual({ version: 0, policy: DEFAULT_POLICY, spec: DEFAULT_SPEC, isDefault: true });
  });

  it('answers the version in force, parsed', async () => {
    const t = setup();
    t.rows.activePolicy.mockResolvedValue({ version: 4, spec: SPEC, activatedAt: new Date() });
    await expect(t.service.policyOf(ORG.id)).resolves.toMatchObject({
      version: 4,
      spec: SPEC,
      isDefault: false,
      policy: { defaultHours: '2.00' },
    });
  });

  it('answers not found for an organization that does not exist', async () => {
    const t = setup();
    t.organizations.get.mockRejectedValue(new NotFoundError('Organization', ORG.id));
    await expect(t.service.policyOf(ORG.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(t.rows.activePolicy).not.toHaveBeenCalled();
  });

  it('reads each stored version once, and version 0 never', async () => {
    const t = setup();
    t.rows.policy.mockResolvedValue(SPEC);
    await expect(t.service.policyVersion(ORG.id, 0)).resolves.toBe(DEFAULT_POLICY);
    const first = await t.service.policyVersion(ORG.id, 2);
    await expect(t.service.policyVersion(ORG.id, 2)).resolves.toBe(first);
    expect(t.rows.policy).toHaveBeenCalledTimes(1);
    expect(t.rows.policy).toHaveBeenCalledWith(ORG.id, 2);
  });

  it('answers not found for a version that was never stored', async () => {
    const t = setup();
    t.rows.policy.mockResolvedValue(null);
    await expect(t.service.policyVersion(ORG.id, 9)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a policy that is not JSON', () => {
    const t = setup();
    const err = (() => {
      try {
        return t.service.parsePolicySpec('{ buckets: ');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: 'policy', reason: 'INVALID_JSON' });
  });

  it('activates a new version with its event in the caller’s transaction', async () => {
    const t = setup();
    const { tx } = fakeUnitOfWork();
    t.rows.insertPolicy.mockResolvedValue(5);
    await expect(t.service.activatePolicyIn(tx, ORG.id, SPEC, 'proposer')).resolves.toBe(5);
    expect(t.rows.insertPolicy).toHaveBeenCalledWith(tx, { organizationId: ORG.id, spec: SPEC, createdBy: 'proposer', activate: true });
    expect(t.outbox.append).toHaveBeenCalledWith(
      tx,
      expect.objectContaining({ type: 'rewards.policy-activated', payload: { organizationId: ORG.id, version: 5, actorId: 'proposer' } }),
    );
  });

  it('stores nothing for an invalid policy', async () => {
    const t = setup();
    const { tx } = fakeUnitOfWork();
    await expect(t.service.activatePolicyIn(tx, ORG.id, { buckets: [] }, null)).rejects.toBeInstanceOf(InvalidInputError);
    expect(t.rows.insertPolicy).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });
});
