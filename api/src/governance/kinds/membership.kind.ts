import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import { isUuid } from '../../common/uuid.js';
import type { Tx } from '../../database/transaction.js';
import { AccountsService } from '../../identity/accounts.service.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { GovernanceRepository } from '../governance.repository.js';
import type { PayloadOf } from '../governance.types.js';
import {
  withoutKind,
  type CreateProposalInput,
  type ProposalDescription,
  type ProposalKind,
  type ProposalOf,
  type ProposalTarget,
} from './proposal-kind.js';

type Role = 'MEMBER' | 'TREASURER' | 'ADMIN';

declare module '../governance.types.js' {
  interface ProposalPayloads {
    // An organization's members are accounts (with a role on admission); a federation's are organizations.
    MEMBERSHIP: { action: 'ADMIT' | 'REMOVE'; accountId?: string; organizationId?: string; role?: Role };
  }
}

// Admits or removes a member: an account of an organization, or a member organization of a
// federation.
@Injectable()
export class MembershipKind implements ProposalKind<'MEMBERSHIP'> {
  readonly name = 'MEMBERSHIP';
  readonly binding = true;
  readonly treasurerApprovals = false;

  constructor(
    private readonly repo: GovernanceRepository,
    private readonly organizations: OrganizationsService,
    private readonly accounts: AccountsService,
  ) {}

  async parse(input: CreateProposalInput, target: ProposalTarget): Promise<PayloadOf<'MEMBERSHIP'>> {
    const m = input.membership;
    if (!m || !['ADMIT', 'REMOVE'].includes(m.action))
      throw new InvalidInputError('membership.action', 'A membership proposal ADMITs or REMOVEs a member.', 'REQUIRED');
    const action = m.action as 'ADMIT' | 'REMOVE';
    if (target.federation) {
      if (!m.organizationId)
        throw new InvalidInputError('membership.organizationId', 'A federation’s members are organizations: name one.', 'REQUIRED');
      const member = await this.organizations.get(m.organizationId);
      if (member.kind === 'FEDERATION' || member.id === target.organizationId)
        throw new InvalidInputError('membership.organizationId', 'A federation joins no federation.', 'INVALID');
      const members = await this.repo.federationMembers(target.organizationId);
      if (action === 'ADMIT' && members.includes(member.id))
        throw new InvalidInputError('membership.organizationId', 'Already a member.', 'ALREADY_MEMBER');
      if (action === 'REMOVE' && !members.includes(member.id))
        throw new InvalidInputError('membership.organizationId', 'Not a member.', 'NOT_A_MEMBER');
      return { kind: 'MEMBERSHIP', action, organizationId: member.id };
    }
    const role = (m.role ?? 'MEMBER') as Role;
    if (!['MEMBER', 'TREASURER', 'ADMIN'].includes(role))
      throw new InvalidInputError('membership.role', 'role is MEMBER, TREASURER or ADMIN.');
    const account =
      action === 'ADMIT'
        ? m.email
          ? await this.accounts.findByEmail(m.email)
          : null
        : m.accountId && isUuid(m.accountId)
          ? await this.accounts.findById(m.accountId)
          : null;
    if (!account)
      throw new InvalidInputError(
        action === 'ADMIT' ? 'membership.email' : 'membership.accountId',
        action === 'ADMIT' ? 'Admit someone by the email of their account.' : 'Name the member to remove by account id.',
        'UNKNOWN_ACCOUNT',
      );
    const current = await this.organizations.membershipOf(account.id, target.organizationId);
    if (action === 'ADMIT' && current) throw new InvalidInputError('membership.email', 'Already a member.', 'ALREADY_MEMBER');
    if (action === 'REMOVE' && !current) throw new InvalidInputError('membership.accountId', 'Not a member.', 'NOT_A_MEMBER');
    return { kind: 'MEMBERSHIP', action, accountId: account.id, ...(action === 'ADMIT' && { role }) };
  }

  async execute(tx: Tx, p: ProposalOf<'MEMBERSHIP'>): Promise<Record<string, unknown>> {
    const { action, organizationId, accountId, role } = p.payload;
    if (organizationId) {
      const changed =
        action === 'ADMIT'
          ? await this.repo.addFederationMember(tx, p.organizationId, organizationId)
          : await this.repo.removeFederationMember(tx, p.organizationId, organizationId);
      return { action, organizationId, changed };
    }
    if (action === 'ADMIT') await this.organizations.addMemberIn(tx, p.organizationId, accountId!, role ?? 'MEMBER', null);
    else await this.organizations.removeMemberIn(tx, p.organizationId, accountId!, null);
    return { action, accountId, role: role ?? null };
  }

  describe(payload: PayloadOf<'MEMBERSHIP'>): ProposalDescription {
    return { details: withoutKind(payload) };
  }
}
