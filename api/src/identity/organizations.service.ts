import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import type { Viewer } from '../common/auth/viewer.js';
import { decide } from '../access/policies.js';
import { principalOf, subjectOf } from '../access/principal.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { KeysService } from '../keys/keys.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { AccountsRepository } from './accounts.repository.js';
import { normalizeEmail } from './email.js';
import {
  MEMBERSHIP_ROLES,
  ORGANIZATION_KINDS,
  type Membership,
  type MembershipRole,
  type Organization,
  type OrganizationKind,
} from './identity.types.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { requireText } from './text.js';
import { HANDLE_PATTERN, parseHandle, slugHandle, suffixedHandle } from './handle.js';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly accounts: AccountsRepository,
    private readonly keys: KeysService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async create(viewer: Viewer, input: { name: string; kind: string; handle?: string | null }): Promise<Organization> {
    return this.uow.run((tx) => this.createIn(tx, viewer, input));
  }

  async byHandle(handle: string): Promise<Organization | null> {
    return HANDLE_PATTERN.test(handle) ? this.organizations.findByHandle(handle) : null;
  }

  // Within a caller's transaction (e.g. an import that creates the organization and its facility together).
  // Without a handle, the name's slug is the handle, or the slug with a suffix from the new id when
  // another organization holds it; a handle asked for and taken is a CONFLICT.
  async createIn(tx: Tx, viewer: Viewer, input: { name: string; kind: string; handle?: string | null }): Promise<Organization> {
    const name = requireText('name', input.name, 2, 120);
    const kind = parseKind(input.kind);
    const asked = input.handle ? parseHandle(input.handle) : null;
    if (!(await this.accounts.findById(viewer.accountId, tx))) throw new NotFoundError('Account', viewer.accountId);
    const id = randomUUID();
    let handle = asked ?? slugHandle(name);
    if (await this.organizations.handleTaken(handle, tx)) {
      if (asked) throw new ConflictError(`The handle @${asked} is taken.`, { reason: 'HANDLE_TAKEN' });
      handle = suffixedHandle(handle, id);
    } else if (!handle) handle = suffixedHandle('', id);
    const did = await this.keys.createAgentKey(tx);
    const org = await this.organizations.insert(tx, {
      id,
      name,
      handle,
      kind,
      did,
      createdAt: new Date(),
      createdBy: viewer.accountId,
    });
    // The founder is the first admin.
    await this.organizations.insertMembership(tx, {
      id: randomUUID(),
      organizationId: org.id,
      accountId: viewer.accountId,
      role: 'ADMIN',
      createdAt: new Date(),
    });
    await this.outbox.append(tx, {
      type: 'identity.organization.created',
      aggregateType: 'organization',
      aggregateId: org.id,
      payload: { organizationId: org.id, did, kind, createdBy: viewer.accountId },
    });
    return org;
  }

  async get(id: string): Promise<Organization> {
    const org = await this.organizations.findById(id);
    if (!org) throw new NotFoundError('Organization', id);
    return org;
  }

  // The organization this account founded under this name, if any.
  async foundedBy(accountId: string, name: string): Promise<Organization | null> {
    return this.organizations.findFoundedBy(accountId, name);
  }

  // The viewer's membership, or null (for rules that allow members or someone else).
  async membershipOf(accountId: string, organizationId: string): Promise<Membership | null> {
    return this.organizations.findMembership(organizationId, accountId);
  }

  // Those that exist, in no particular order.
  async getMany(ids: readonly string[]): Promise<Organization[]> {
    return this.organizations.findByIds(ids);
  }

  async membershipsOfAccount(accountId: string): Promise<Membership[]> {
    return this.organizations.membershipsOfAccounts([accountId]);
  }

  async countMembers(organizationId: string, role: MembershipRole): Promise<number> {
    return this.organizations.countByRole(organizationId, role);
  }

  async addMember(viewer: Viewer, organizationId: string, rawEmail: string, rawRole: string): Promise<Membership> {
    const email = normalizeEmail(rawEmail);
    const role = parseRole(rawRole);
    return this.uow.run(async (tx) => {
      await this.requireAdmin(tx, viewer, organizationId);
      const account = await this.accounts.findByEmail(email, tx);
      if (!account) throw new NotFoundError('Account', email);
      return this.addMemberIn(tx, organizationId, account.id, role, viewer.accountId);
    });
  }

  // Within the caller's transaction, with the rules checked by the caller (an admin, or a passed
  // MEMBERSHIP proposal: actorId null).
  async addMemberIn(tx: Tx, organizationId: string, accountId: string, role: MembershipRole, actorId: string | null): Promise<Membership> {
    if (await this.organizations.findMembership(organizationId, accountId, tx))
      throw new ConflictError('Already a member of this organization.', { reason: 'ALREADY_MEMBER' });
    const membership = await this.organizations.insertMembership(tx, {
      id: randomUUID(),
      organizationId,
      accountId,
      role,
      createdAt: new Date(),
    });
    await this.outbox.append(tx, {
      type: 'identity.member.added',
      aggregateType: 'organization',
      aggregateId: organizationId,
      payload: { organizationId, accountId, role, actorId },
    });
    return membership;
  }

  async changeMemberRole(viewer: Viewer, organizationId: string, accountId: string, rawRole: string): Promise<Membership> {
    const role = parseRole(rawRole);
    return this.uow.run(async (tx) => {
      await this.requireAdmin(tx, viewer, organizationId);
      const membership = await this.organizations.findMembership(organizationId, accountId, tx);
      if (!membership) throw new NotFoundError('Membership', accountId);
      if (membership.role === role) return membership;
      if (membership.role === 'ADMIN') await this.keepOneAdmin(tx, organizationId);
      await this.organizations.updateRole(tx, membership.id, role);
      await this.outbox.append(tx, {
        type: 'identity.member.role-changed',
        aggregateType: 'organization',
        aggregateId: organizationId,
        payload: { organizationId, accountId, role, actorId: viewer.accountId },
      });
      return { ...membership, role };
    });
  }

  // Admins remove anyone; every member may leave.
  async removeMember(viewer: Viewer, organizationId: string, accountId: string): Promise<Membership> {
    return this.uow.run(async (tx) => {
      const org = await this.organizations.lockById(tx, organizationId);
      if (!org) throw new NotFoundError('Organization', organizationId);
      if (accountId !== viewer.accountId) await this.requireAdmin(tx, viewer, organizationId);
      return this.removeMemberIn(tx, organizationId, accountId, viewer.accountId);
    });
  }

  // Within the caller's transaction (the organization row locked), the last admin kept.
  async removeMemberIn(tx: Tx, organizationId: string, accountId: string, actorId: string | null): Promise<Membership> {
    await this.organizations.lockById(tx, organizationId);
    const membership = await this.organizations.findMembership(organizationId, accountId, tx);
    if (!membership) throw new NotFoundError('Membership', accountId);
    if (membership.role === 'ADMIN') await this.keepOneAdmin(tx, organizationId);
    await this.organizations.deleteMembership(tx, membership.id);
    await this.outbox.append(tx, {
      type: 'identity.member.removed',
      aggregateType: 'organization',
      aggregateId: organizationId,
      payload: { organizationId, accountId, actorId },
    });
    return membership;
  }

  private async requireAdmin(tx: Tx, viewer: Viewer, organizationId: string): Promise<void> {
    // Locking the organization row serialises concurrent membership changes.
    const org = await this.organizations.lockById(tx, organizationId);
    if (!org) throw new NotFoundError('Organization', organizationId);
    // The membership is read under that lock, so the access rule is applied to it here.
    const mine = await this.organizations.findMembership(organizationId, viewer.accountId, tx);
    const denial = decide(subjectOf(principalOf(viewer), mine ? [mine] : []), 'organization:manage-members', org);
    if (denial) throw new ForbiddenError(denial.message);
  }

  private async keepOneAdmin(tx: Tx, organizationId: string): Promise<void> {
    if ((await this.organizations.countByRole(organizationId, 'ADMIN', tx)) <= 1) {
      throw new ConflictError('An organization must keep at least one admin.');
    }
  }
}

function parseKind(kind: string): OrganizationKind {
  if (!(ORGANIZATION_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidInputError('kind', `kind must be one of ${ORGANIZATION_KINDS.join(', ')}.`);
  }
  return kind as OrganizationKind;
}

function parseRole(role: string): MembershipRole {
  if (!(MEMBERSHIP_ROLES as readonly string[]).includes(role)) {
    throw new InvalidInputError('role', `role must be one of ${MEMBERSHIP_ROLES.join(', ')}.`);
  }
  return role as MembershipRole;
}
