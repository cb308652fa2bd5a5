import { anOrganization } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { OrganizationsService } from '../identity/organizations.service.js';
import { FederationsService } from './federations.service.js';
import type { GovernanceRepository } from './governance.repository.js';

const VIEWER: Viewer = { accountId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9' };
const FEDERATION = anOrganization({ kind: 'FEDERATION' });
const COOP = anOrganization();
const OTHER_FEDERATION = anOrganization({ kind: 'FEDERATION' });

function setup(memberships: Array<{ organizationId: string; role: Role }>) {
  const repo = mock<GovernanceRepository>();
  const organizations = mock<OrganizationsService>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const orgs = new Map([FEDERATION, COOP, OTHER_FEDERATION].map((o) => [o.id, o]));
  organizations.get.mockImplementation(async (id) => orgs.get(id)!);
  organizations.getMany.mockImplementation(async (ids) => ids.map((id) => orgs.get(id)!));
  repo.addFederationMember.mockResolvedValue(true);
  repo.removeFederationMember.mockResolvedValue(true);
  repo.federationMembers.mockResolvedValue([COOP.id]);
  const { uow, runs } = fakeUnitOfWork();
  const service = new FederationsService(repo, organizations, uow, new AccessService(lookup));
  return { service, repo, runs };
}
const adminOf = (...ids: string[]) => ids.map((organizationId) => ({ organizationId, role: 'ADMIN' as const }));

describe('FederationsService.join', () => {
  it('adds the organization when the viewer is an admin of both, and answers with the members', async () => {
    const t = setup(adminOf(FEDERATION.id, COOP.id));
    await expect(t.service.join(VIEWER, FEDERATION.id, COOP.id)).resolves.toEqual([COOP]);
    expect(t.repo.addFederationMember).toHaveBeenCalledWith(expect.anything(), FEDERATION.id, COOP.id);
  });

  it.each([
    ['of the federation only', adminOf(FEDERATION.id)],
    ['of the organization only', adminOf(COOP.id)],
    ['of neither (a member of both)', [FEDERATION.id, COOP.id].map((organizationId) => ({ organizationId, role: 'MEMBER' as const }))],
  ])('refuses an admin %s, and writes nothing', async (_who, memberships) => {
    const t = setup(memberships);
    await expect(t.service.join(VIEWER, FEDERATION.id, COOP.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expect(t.repo.addFederationMember).not.toHaveBeenCalled();
  });

  it.each([
    ['joining an organization that is no federation', COOP.id, FEDERATION.id, 'federationId', 'NOT_A_FEDERATION'],
    ['a federation joining a federation', FEDERATION.id, OTHER_FEDERATION.id, 'organizationId', 'INVALID'],
  ])('refuses %s with a typed error', async (_case, federationId, organizationId, field, reason) => {
    const t = setup(adminOf(FEDERATION.id, COOP.id, OTHER_FEDERATION.id));
    const err = await t.service.join(VIEWER, federationId, organizationId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field, reason });
    expect(t.repo.addFederationMember).not.toHaveBeenCalled();
  });

  it('refuses a member joining again as a conflict', async () => {
    const t = setup(adminOf(FEDERATION.id, COOP.id));
    t.repo.addFederationMember.mockResolvedValue(false);
    const err = await t.service.join(VIEWER, FEDERATION.id, COOP.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ details: { reason: 'ALREADY_MEMBER' } });
  });
});

describe('FederationsService.leave', () => {
  it('lets an admin of the member organization take it out, without asking the federation', async () => {
    const t = setup(adminOf(COOP.id));
    await t.service.leave(VIEWER, FEDERATION.id, COOP.id);
    expect(t.repo.removeFederationMember).toHaveBeenCalledWith(expect.anything(), FEDERATION.id, COOP.id);
  });

  it('refuses an admin of the federation taking a member out, and writes nothing', async () => {
    const t = setup(adminOf(FEDERATION.id));
    await expect(t.service.leave(VIEWER, FEDERATION.id, COOP.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.runs()).toBe(0);
    expect(t.repo.removeFederationMember).not.toHaveBeenCalled();
  });

  it('refuses leaving a federation the organization is not in', async () => {
    const t = setup(adminOf(COOP.id));
    t.repo.removeFederationMember.mockResolvedValue(false);
    await expect(t.service.leave(VIEWER, FEDERATION.id, COOP.id)).rejects.toMatchObject({ details: { reason: 'NOT_A_MEMBER' } });
  });
});
