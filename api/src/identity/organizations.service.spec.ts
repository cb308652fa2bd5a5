import { randomUUID } from 'node:crypto';
import { anOrganization } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { KeysService } from '../keys/keys.service.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { AccountsRepository } from './accounts.repository.js';
import type { Account, Membership, MembershipRole } from './identity.types.js';
import type { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsService } from './organizations.service.js';

const VIEWER: Viewer = { accountId: 'c0ffee00-1111-4222-8333-444455556666' };
const OTHER = '0ddba11a-7777-4888-9999-aaaabbbbcccc';
const ORG = anOrganization();

const membership = (accountId: string, role: MembershipRole): Membership => ({
  id: randomUUID(),
  organizationId: ORG.id,
  accountId,
  role,
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

// `members` is the organization's membership table, by account.
function setup(members: Record<string, MembershipRole>) {
  const organizations = mock<OrganizationsRepository>();
  const accounts = mock<AccountsRepository>();
  const keys = mock<KeysService>();
  const outbox = mock<OutboxRepository>();
  const { uow, runs } = fakeUnitOfWork();
  const table = new Map(Object.entries(members).map(([id, role]) => [id, membership(id, role)]));
  organizations.lockById.mockResolvedValue(ORG);
  organizations.findById.mockResolvedValue(ORG);
  organizations.findMembership.mockImplementation(async (orgId, accountId) => (orgId === ORG.id ? (table.get(accountId) ?? null) : null));
  organizations.countByRole.mockImplementation(async (_org, role) => [...table.values()].filter((m) => m.role === role).length);
  organizations.insertMembership.mockImplementation(async (_tx, m) => m);
  organizations.insert.mockImplementation(async (_tx, o) => o);
  keys.createAgentKey.mockResolvedValue('did:key:z6MkNewOrg');
  accounts.findByEmail.mockImplementation(async (email) => (email === 'other@example.org' ? ({ id: OTHER } as Account) : null));
  accounts.findById.mockResolvedValue({ id: VIEWER.accountId } as Account);
  const service = new OrganizationsService(organizations, accounts, keys, outbox, uow);
  return { service, organizations, accounts, outbox, runs, table };
}
type Setup = ReturnType<typeof setup>;

function expectNoMembershipChange(t: Setup) {
  expect(t.organizations.insertMembership).not.toHaveBeenCalled();
  expect(t.organizations.updateRole).not.toHaveBeenCalled();
  expect(t.organizations.deleteMembership).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}

describe('OrganizationsService.create', () => {
  it('makes the founder the first admin, with the organization’s own key', async () => {
    const t = setup({});
    const org = await t.service.create(VIEWER, { name: 'Fab Coop', kind: 'COOPERATIVE' });
    expect(org).toMatchObject({ name: 'Fab Coop', kind: 'COOPERATIVE', did: 'did:key:z6MkNewOrg' });
    expect(t.organizations.insertMembership).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ organizationId: org.id, accountId: VIEWER.accountId, role: 'ADMIN' }),
    );
    expect(t.outbox.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ type: 'identity.organization.created' }));
  });

  it('takes the name’s slug as handle, or the slug with a suffix from its id when it is taken', async () => {
    const t = setup({});
    t.organizations.handleTaken.mockResolvedValue(false);
    expect((await t.service.create(VIEWER, { name: 'Fab Coop Nord', kind: 'COOPERATIVE' })).handle).toBe('fab_coop_nord');
    t.organizations.handleTaken.mockResolvedValue(true);
    const second = await t.service.create(VIEWER, { name: 'Fab Coop Nord', kind: 'COOPERATIVE' });
    expect(second.handle).toBe(`fab_coop_nord_${second.id.replace(/-/g, '').slice(0, 6)}`);
  });

  it('keeps a handle asked for, and refuses one that is taken or malformed, writing nothing', async () => {
    const t = setup({});
    t.organizations.handleTaken.mockImplementation(async (h) => h === 'taken');
    expect((await t.service.create(VIEWER, { name: 'Fab Coop', kind: 'COOPERATIVE', handle: '@FabCoop' })).handle).toBe('fabcoop');
    t.organizations.insert.mockClear();
    await expect(t.service.create(VIEWER, { name: 'Fab Coop', kind: 'COOPERATIVE', handle: 'taken' })).rejects.toMatchObject({
      details: { reason: 'HANDLE_TAKEN' },
    });
    await expect(t.service.create(VIEWER, { name: 'Fab Coop', kind: 'COOPERATIVE', handle: 'fab-coop' })).rejects.toThrow(
      InvalidInputError,
    );
    expect(t.organizations.insert).not.toHaveBeenCalled();
  });

  it('refuses an unknown kind before opening a transaction', async () => {
    const t = setup({});
    const err = await t.service.create(VIEWER, { name: 'Fab Coop', kind: 'CARTEL' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: 'kind' });
    expect(t.organizations.insert).not.toHaveBeenCalled();
  });
});

describe('OrganizationsService.addMember', () => {
  it('lets an admin add an account by email with a role', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN' });
    const added = await t.service.addMember(VIEWER, ORG.id, ' Other@Example.org ', 'TREASURER');
    expect(added).toMatchObject({ organizationId: ORG.id, accountId: OTHER, role: 'TREASURER' });
    expect(t.accounts.findByEmail).toHaveBeenCalledWith('other@example.org', expect.anything());
    expect(t.outbox.append).toHaveBeenCalledWith(expect.anything(), {
      type: 'identity.member.added',
      aggregateType: 'organization',
      aggregateId: ORG.id,
      payload: { organizationId: ORG.id, accountId: OTHER, role: 'TREASURER', actorId: VIEWER.accountId },
    });
  });

  it.each([
    ['a member', { [VIEWER.accountId]: 'MEMBER' as const }],
    ['a treasurer', { [VIEWER.accountId]: 'TREASURER' as const }],
    ['an outsider', {}],
  ])('refuses %s, and writes nothing', async (_who, members) => {
    const t = setup(members);
    await expect(t.service.addMember(VIEWER, ORG.id, 'other@example.org', 'MEMBER')).rejects.toBeInstanceOf(ForbiddenError);
    expectNoMembershipChange(t);
  });

  it('refuses an existing member as a conflict', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'MEMBER' });
    await expect(t.service.addMember(VIEWER, ORG.id, 'other@example.org', 'ADMIN')).rejects.toMatchObject({
      details: { reason: 'ALREADY_MEMBER' },
    });
    expectNoMembershipChange(t);
  });

  it('refuses an unknown email as not found, and an unknown role before any lookup', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN' });
    await expect(t.service.addMember(VIEWER, ORG.id, 'nobody@example.org', 'MEMBER')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.service.addMember(VIEWER, ORG.id, 'other@example.org', 'OWNER')).rejects.toMatchObject({ field: 'role' });
    expect(t.runs()).toBe(1);
    expectNoMembershipChange(t);
  });
});

describe('OrganizationsService.changeMemberRole', () => {
  it('changes a member’s role and announces it', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'MEMBER' });
    await expect(t.service.changeMemberRole(VIEWER, ORG.id, OTHER, 'TREASURER')).resolves.toMatchObject({ role: 'TREASURER' });
    expect(t.organizations.updateRole).toHaveBeenCalledWith(expect.anything(), t.table.get(OTHER)!.id, 'TREASURER');
    expect(t.outbox.append).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ type: 'identity.member.role-changed' }));
  });

  it('writes nothing when the role is already the one asked for', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'MEMBER' });
    await t.service.changeMemberRole(VIEWER, ORG.id, OTHER, 'MEMBER');
    expectNoMembershipChange(t);
  });

  it('refuses to demote the last admin', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'MEMBER' });
    await expect(t.service.changeMemberRole(VIEWER, ORG.id, VIEWER.accountId, 'MEMBER')).rejects.toBeInstanceOf(ConflictError);
    expectNoMembershipChange(t);
  });

  it('lets an admin step down while another admin remains', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'ADMIN' });
    await t.service.changeMemberRole(VIEWER, ORG.id, VIEWER.accountId, 'MEMBER');
    expect(t.organizations.updateRole).toHaveBeenCalledTimes(1);
  });

  it('refuses a member changing roles, and writes nothing', async () => {
    const t = setup({ [VIEWER.accountId]: 'MEMBER', [OTHER]: 'ADMIN' });
    await expect(t.service.changeMemberRole(VIEWER, ORG.id, VIEWER.accountId, 'ADMIN')).rejects.toBeInstanceOf(ForbiddenError);
    expectNoMembershipChange(t);
  });
});

describe('OrganizationsService.removeMember', () => {
  it('lets any member leave', async () => {
    const t = setup({ [VIEWER.accountId]: 'MEMBER', [OTHER]: 'ADMIN' });
    await t.service.removeMember(VIEWER, ORG.id, VIEWER.accountId);
    expect(t.organizations.deleteMembership).toHaveBeenCalledWith(expect.anything(), t.table.get(VIEWER.accountId)!.id);
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        type: 'identity.member.removed',
        payload: { organizationId: ORG.id, accountId: VIEWER.accountId, actorId: VIEWER.accountId },
      }),
    );
  });

  it('lets an admin remove someone else, and refuses a member doing so', async () => {
    const admin = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'MEMBER' });
    await admin.service.removeMember(VIEWER, ORG.id, OTHER);
    expect(admin.organizations.deleteMembership).toHaveBeenCalledWith(expect.anything(), admin.table.get(OTHER)!.id);
    const member = setup({ [VIEWER.accountId]: 'MEMBER', [OTHER]: 'MEMBER' });
    await expect(member.service.removeMember(VIEWER, ORG.id, OTHER)).rejects.toBeInstanceOf(ForbiddenError);
    expectNoMembershipChange(member);
  });

  it('refuses the last admin leaving', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN', [OTHER]: 'MEMBER' });
    await expect(t.service.removeMember(VIEWER, ORG.id, VIEWER.accountId)).rejects.toBeInstanceOf(ConflictError);
    expectNoMembershipChange(t);
  });

  it('refuses an unknown organization or membership as not found', async () => {
    const t = setup({ [VIEWER.accountId]: 'ADMIN' });
    await expect(t.service.removeMember(VIEWER, ORG.id, OTHER)).rejects.toMatchObject({ code: 'NOT_FOUND', entity: 'Membership' });
    t.organizations.lockById.mockResolvedValue(null);
    await expect(t.service.removeMember(VIEWER, ORG.id, VIEWER.accountId)).rejects.toMatchObject({ entity: 'Organization' });
    expectNoMembershipChange(t);
  });
});
